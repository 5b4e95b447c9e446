// `exotel-sip/testing` in browsers and bundles: the main entry plus the in-process sandbox.
import * as glue from './exotel_sip_sandbox_wasm.js';
import { ExotelClient, TransportFailure } from './browser.mjs';
import { createRuntime } from './runtime.mjs';
import { createTesting } from './testing.mjs';
import { compileWasm } from './wasm-fetch.mjs';

const module = await compileWasm(new URL('./exotel_sip_sandbox_wasm_bg.wasm', import.meta.url));
export const InProcessSandbox = createTesting(createRuntime(glue, module), ExotelClient, TransportFailure);
export { SANDBOX_CREDENTIALS } from './testing.mjs';
export * from './browser.mjs';
