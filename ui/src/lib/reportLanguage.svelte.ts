//! Reports come worded by the api in the company's language, which follows the UI's through
//! `set_language`. After a switch, a report screen asks again once that call has had its turn:
//! read `.tick` inside the screen's loading `$effect`. Call during component initialisation.

import { untrack } from 'svelte';
import { app } from './state.svelte';

/** How long after a language switch a report is asked for again. */
export const RELOAD_AFTER_SWITCH_MS = 250;

export function reloadOnLanguageSwitch(): { readonly tick: number } {
  let tick = $state(0);
  let seen = untrack(() => app.locale);
  $effect(() => {
    if (app.locale === seen) return;
    seen = app.locale;
    const timer = setTimeout(() => tick++, RELOAD_AFTER_SWITCH_MS);
    return () => clearTimeout(timer);
  });
  return {
    get tick() {
      return tick;
    },
  };
}
