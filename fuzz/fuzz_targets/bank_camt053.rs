#![no_main]
// The check lives in src/lib.rs so the stable corpus test runs the same code.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    trastienda_fuzz::bank_camt053(data);
});
