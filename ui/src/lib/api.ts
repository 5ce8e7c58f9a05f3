//! The command client and every wire type, re-exported from the generated `generated.ts`
//! (ts-rs DTOs + the `commands` object from the api's command table; never edit it by hand,
//! regenerate with `UPDATE_BINDINGS=1 cargo test -p trastienda-api generated_typescript_is_fresh`).
//! Nothing in the UI declares wire types; this file adds only UI-side aliases.

export * from './generated';

/** Money on the wire: decimal string, '.' separator, 2 decimals ("1234.56"). Never a JS number. */
export type MoneyString = string;
/** Accounting date on the wire: "YYYY-MM-DD". */
export type DateString = string;
