// Node entry (`import`; the `require` build is bundled from it): the wasm is read
// and instantiated synchronously, so there is no init() step.
import { readFileSync } from 'node:fs';
import * as glue from './exotel_sip_wasm.js';
import { createApi } from './client.mjs';
import { createRuntime } from './runtime.mjs';

const module = new WebAssembly.Module(readFileSync(new URL('./exotel_sip_wasm_bg.wasm', import.meta.url)));
const api = createApi(createRuntime(glue, module));
export const ExotelClient = api.ExotelClient;
export const Limiter = api.Limiter;
export * from './exports.mjs';
