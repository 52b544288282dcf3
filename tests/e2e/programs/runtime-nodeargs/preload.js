"use strict";
// Loaded through `nodeargs: --require ./preload.js`: proves the option reached Node.js.
globalThis.pqsPreloaded = "preload.js ran";
