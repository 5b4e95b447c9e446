// Compiles a wasm file next to the importing module in a browser or a bundle.
export async function compileWasm(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`exotel-sip: could not load ${url} (HTTP ${response.status})`);
  const type = response.headers.get('content-type') || '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}
