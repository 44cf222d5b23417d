'use strict';
/*
 * What every platform bundle gets in place of `readable-stream` (lib/bundling.ts swaps it in at
 * bundle time). readable-stream@3 is a copy of Node 10's streams for runtimes that lack them; the
 * Encryption SDK's Node packages stream through it. Lambda's Node 22 has the same classes built in,
 * and readable-stream's own switch for that case (`READABLE_STREAM=disable`) exports Node's
 * `stream` module in this shape (the Readable class, carrying the other classes and helpers);
 * as a bundle-time alias it also leaves out its ~40 KB
 * copy, which kept the proxy lane over its 600 KB cold-start budget. test/integration/
 * bundled-envelope.test.ts seals and opens through the bundled Encryption SDK to prove it.
 */
const Stream = require('node:stream');

module.exports = Stream.Readable;
// readable-stream's pipeline takes its callback as optional (it then ignores the outcome, and each
// stream still reports its own errors); Node's requires one. The Encryption SDK's encrypt stream
// calls it without.
const noop = () => {};
const pipeline = (...streams) =>
  Stream.pipeline(...streams, ...(typeof streams.at(-1) === 'function' ? [] : [noop]));
// Defined, not assigned: Readable inherits getters from Stream (`promises`) that an assignment
// would hit and throw on.
for (const [name, value] of Object.entries({ ...Stream, Stream, pipeline })) {
  if (!Object.hasOwn(module.exports, name))
    Object.defineProperty(module.exports, name, { value, enumerable: true });
}
