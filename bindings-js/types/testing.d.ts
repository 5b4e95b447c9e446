// `exotel-sip/testing`: everything of the main entry plus the in-process sandbox.
import type { ClientOptions, ExotelClient, Transport } from './index.js';
export * from './index.js';

/** The sandbox's default credentials (they only open the sandbox). */
export declare const SANDBOX_CREDENTIALS: Readonly<{ accountSid: string; apiKey: string; apiToken: string }>;

/** Sandbox configuration, as the sandbox server's flags (snake_case). */
export interface SandboxConfig {
  account_sid?: string;
  api_key?: string;
  api_token?: string;
  /** Requests per sliding minute before 429s; 0 = unlimited (default 200). */
  rpm?: number;
  /** Requests in flight before 429s; 0 = unlimited (default 50). */
  concurrency?: number;
  seed?: number;
  region_prefix?: 'mum' | 'sgp';
}

/** A fault to queue (see the sandbox server's README). */
export interface QueuedFault {
  method?: string;
  path?: string;
  times?: number;
  fault:
    | { type: 'latency'; ms: number }
    | { type: 'status'; status: number; code?: number | null; description?: string | null }
    | { type: 'rate_limit'; retry_after?: number }
    | { type: 'html'; status?: number }
    | { type: 'truncated' }
    | { type: 'non_envelope' }
    | { type: 'drop' }
    | { type: 'lost' };
}

/** A request the sandbox received. */
export interface LoggedRequest {
  seq: number;
  at_ms: number;
  method: string;
  path: string;
  headers: Array<[string, string]>;
  body: string;
  status: number | null;
  fault: string | null;
  delivery: 'pending' | 'completed' | 'client_closed' | 'dropped';
}

/** An in-process Exotel sandbox: the sandbox server's behaviour and controls, no socket. */
export declare class InProcessSandbox {
  constructor(config?: SandboxConfig);
  /** A transport that hands requests to this sandbox. */
  transport(): Transport;
  /** A client on this sandbox (sandbox credentials; `process.env` ignored). */
  client(options?: ClientOptions): ExotelClient;
  queueFault(fault: QueuedFault | QueuedFault[]): Promise<{ queued: number }>;
  clearFaults(): Promise<unknown>;
  requests(): Promise<LoggedRequest[]>;
  clearRequests(): Promise<unknown>;
  reset(): Promise<unknown>;
  state(): Promise<unknown>;
  setLimits(limits: { rpm?: number; concurrency?: number }): Promise<unknown>;
}
