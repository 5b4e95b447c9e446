// `exotel-sip/testing` in Node: the main entry plus the in-process sandbox.
import { readFileSync } from 'node:fs';
import * as glue from './exotel_sip_sandbox_wasm.js';
import { ExotelClient, TransportFailure } from './node.mjs';
import { createRuntime } from './runtime.mjs';
import { createTesting } from './testing.mjs';

const module = new WebAssembly.Module(readFileSync(new URL('./exotel_sip_sandbox_wasm_bg.wasm', import.meta.url)));
export const InProcessSandbox = createTesting(createRuntime(glue, module), ExotelClient, TransportFailure);
export { SANDBOX_CREDENTIALS } from './testing.mjs';
export * from './node.mjs';
