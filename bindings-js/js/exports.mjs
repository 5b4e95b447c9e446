// What every entry exports besides the client classes.
export * from './errors.mjs';
export { fetchTransport, TransportFailure } from './fetch.mjs';
export { DEFAULT_RATE_LIMIT, DEFAULT_RETRY_POLICY, NO_RETRY } from './client.mjs';
