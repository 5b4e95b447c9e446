// Browser and bundler entry: the wasm next to this file is fetched and compiled
// by top-level await, so importing the module is all the set-up there is.
import * as glue from './exotel_sip_wasm.js';
import { createApi } from './client.mjs';
import { createRuntime } from './runtime.mjs';
import { compileWasm } from './wasm-fetch.mjs';

const module = await compileWasm(new URL('./exotel_sip_wasm_bg.wasm', import.meta.url));
const api = createApi(createRuntime(glue, module));
export const ExotelClient = api.ExotelClient;
export const Limiter = api.Limiter;
export * from './exports.mjs';
