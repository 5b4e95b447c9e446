// Owns one wasm instance of a wasm-bindgen glue module, and re-instantiates it
// after a trap (a Rust panic aborts; the old instance is never used again).
export function createRuntime(glue, module) {
  let generation = 0;
  let ready = false;
  return {
    current() {
      if (!ready) {
        glue.initSync({ module });
        ready = true;
        generation += 1;
      }
      return { wasm: glue, generation };
    },
    reset() {
      // wasm-bindgen's `--experimental-reset-state-function`: a fresh instance
      // (fresh memory, no state); handles of the old one refuse to be used.
      glue.__wbg_reset_state();
      generation += 1;
    },
  };
}
