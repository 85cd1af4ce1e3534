// The package's exports map gives its binaryWasm build (Indigo as a separate .wasm file) no types;
// its API is the default build's.
declare module "ketcher-standalone/dist/binaryWasm" {
  export * from "ketcher-standalone";
}
