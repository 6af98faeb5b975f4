// loopstep's bootstrap (DESIGN §11): preloaded into the node that runs a JS lesson. Node
// executes the program; every API that reaches the loop is a bridge into loopstep's engine,
// which owns the loop, the pool, the backends, the sandbox and every syscall.
//   fd 3: the program's calls, one JSON line each; every call waits for its answer on
//   fd 4 (read synchronously: in Step mode the answer waits for the step, so the program is
//   parked exactly where it is).  fd 5: callbacks to run, read by node as I/O, so that node
//   itself drains process.nextTick and the microtasks after each, as after a real callback.
'use strict';

const realFs = require('fs');
const { Buffer } = require('buffer');
const util = require('util');
const Module = require('module');
const path = require('path');
const net = require('net');
const { promiseHooks } = require('v8');

const CALLS = 3, REPLIES = 4, INVOKES = 5;
const LESSON = path.resolve(process.argv[1]);
const LESSON_NAME = path.basename(LESSON);
const SANDBOX = path.dirname(LESSON);
const realSetImmediate = setImmediate;
const realNextTick = process.nextTick;
const realExit = process.reallyExit.bind(process);
const errorMap = util.getSystemErrorMap();

// ---- the synchronous channel ------------------------------------------------------------
let replyBuffer = '';
const chunk = Buffer.alloc(64 * 1024);
let inBridge = false;  // a promise hook firing inside a call must not call again

function writeAll(fd, text) {
  const bytes = Buffer.from(text);
  for (let off = 0; off < bytes.length;) off += realFs.writeSync(fd, bytes, off, bytes.length - off);
}

function readLine() {
  for (;;) {
    const nl = replyBuffer.indexOf('\n');
    if (nl >= 0) {
      const line = replyBuffer.slice(0, nl);
      replyBuffer = replyBuffer.slice(nl + 1);
      return line;
    }
    const n = realFs.readSync(REPLIES, chunk, 0, chunk.length, null);
    if (n === 0) realExit(0);  // loopstep ended the run
    replyBuffer += chunk.toString('utf8', 0, n);
  }
}

function send(msg) {
  inBridge = true;
  try {
    writeAll(CALLS, JSON.stringify(msg) + '\n');
    const reply = JSON.parse(readLine());
    if (reply.throw) throw unsupported(reply.throw);
    return reply;
  } finally {
    inBridge = false;
  }
}

// ---- source positions -------------------------------------------------------------------
// The lesson's innermost frame on the stack: where the program made this call.
function callerPos() {
  const savedPrepare = Error.prepareStackTrace, savedLimit = Error.stackTraceLimit;
  Error.prepareStackTrace = (_, frames) => frames;
  Error.stackTraceLimit = 64;
  const holder = {};
  Error.captureStackTrace(holder, callerPos);
  const frames = holder.stack;
  Error.prepareStackTrace = savedPrepare;
  Error.stackTraceLimit = savedLimit;
  for (const f of frames) if (f.getFileName() === LESSON) return [f.getLineNumber(), f.getColumnNumber()];
  return null;
}

function unsupported(message) {
  const e = new Error(message);
  e.code = 'ERR_LOOPSTEP_UNSUPPORTED';
  return e;
}

// ---- errors and values as node makes them ------------------------------------------------
function uvError(errno, syscall, p, dest, withStack) {
  const [code, desc] = errorMap.get(errno) || ['UNKNOWN', 'unknown error'];
  let message = `${code}: ${desc}, ${syscall}`;
  if (p !== undefined) message += ` '${p}'`;
  if (dest !== undefined) message += ` -> '${dest}'`;
  // An async fs error carries no JS frames under node (it is made in the completion).
  const limit = Error.stackTraceLimit;
  if (!withStack) Error.stackTraceLimit = 0;
  const err = new Error(message);
  Error.stackTraceLimit = limit;
  err.errno = errno;
  err.code = code;
  err.syscall = syscall;
  if (p !== undefined) err.path = p;
  if (dest !== undefined) err.dest = dest;
  return err;
}

function makeStats(s) {
  const ms = (ns) => ns / 1e6;
  return new realFs.Stats(s.dev, s.mode, s.nlink, s.uid, s.gid, s.rdev, s.blksize, s.ino, s.size, s.blocks,
                          ms(s.atime_ns), ms(s.mtime_ns), ms(s.ctime_ns), ms(s.birthtime_ns));
}

// A path the program names, as the engine takes it: relative to the sandbox. Anything that
// resolves outside it fails here, at the program's line.
function sandboxPath(p, what) {
  if (p instanceof URL) p = require('url').fileURLToPath(p);
  if (Buffer.isBuffer(p)) p = p.toString();
  if (typeof p !== 'string') {
    const e = new TypeError(`The "${what || 'path'}" argument must be of type string or an instance of Buffer or URL. Received ${util.inspect(p)}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  const abs = path.resolve(SANDBOX, p);
  if (abs === SANDBOX) return '.';
  if (!abs.startsWith(SANDBOX + path.sep))
    throw unsupported(`loopstep: ${JSON.stringify(p)} is outside the lesson's sandbox folder; a lesson reads and writes only its own folder (its [files])`);
  return abs.slice(SANDBOX.length + 1);
}

function fdArg(fd) {
  if (!Number.isInteger(fd) || fd < 0) {
    const e = new TypeError(`The "fd" argument must be of type number. Received ${util.inspect(fd)}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  return fd;
}

function callbackArg(cb) {
  if (typeof cb !== 'function') {
    const e = new TypeError(`The "cb" argument must be of type function. Received ${util.inspect(cb)}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  return cb;
}

function toBuffer(data, encoding) {
  if (typeof data === 'string') return Buffer.from(data, encoding || 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const e = new TypeError(`The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${util.inspect(data)}`);
  e.code = 'ERR_INVALID_ARG_TYPE';
  throw e;
}

// ---- requests: a call to the engine, and its completion when the loop delivers it -------
const pending = new Map();  // req -> function(result) running the callback
let poolSizeSent = false;

// An async call. `done(reply)` runs when the loop delivers its completion. `src` is the
// lesson's call that this request belongs to (readFile's inner requests carry the caller's).
function request(msg, name, src, done) {
  msg.t = 'call';
  msg.cb = name || 'anonymous';
  msg.src = src;
  if (!poolSizeSent && (msg.op.startsWith('fs.') || msg.op.startsWith('crypto.'))) {
    // UV_THREADPOOL_SIZE counts when the first pool request starts the pool, as in node.
    poolSizeSent = true;
    const n = Number.parseInt(process.env.UV_THREADPOOL_SIZE, 10);
    if (n > 0) msg.pool_size = Math.min(n, 1024);
  }
  const reply = send(msg);
  pending.set(reply.req, done);
  return reply.req;
}

function syncCall(msg, src) {
  msg.t = 'sync';
  msg.src = src;
  return send(msg);
}

function completion(r, syscall, p, dest) {
  return r.result < 0 ? uvError(r.result, syscall, p, dest, false) : null;
}

function syncResult(r, syscall, p, dest) {
  if (r.result < 0) throw uvError(r.result, syscall, p, dest, true);
  return r;
}

const FLAGS = { r: 'r', 'r+': 'r+', rs: 'r', 'rs+': 'r+', w: 'w', 'w+': 'w+', wx: 'wx', xw: 'wx', 'wx+': 'w+', a: 'a', 'a+': 'a+', ax: 'a', as: 'a' };
function flagsArg(flags) {
  if (flags === undefined || flags === null) return 'r';
  if (typeof flags !== 'string' || !(flags in FLAGS)) throw unsupported(`loopstep: open flags ${util.inspect(flags)} are not modeled; use r, r+, w, w+, wx, a or a+`);
  return FLAGS[flags];
}

// ---- fs, callback forms ------------------------------------------------------------------
const fs = {};
const lessonFs = fs;

function opts(o, dflt) {
  if (o === undefined || o === null || typeof o === 'function') return dflt;
  if (typeof o === 'string') return { ...dflt, encoding: o };
  return { ...dflt, ...o };
}

function decode(buf, encoding) {
  return encoding && encoding !== 'buffer' ? buf.toString(encoding) : buf;
}

fs.open = function open(p, flags, mode, cb) {
  if (typeof flags === 'function') { cb = flags; flags = 'r'; mode = 0o666; }
  else if (typeof mode === 'function') { cb = mode; mode = 0o666; }
  const rel = sandboxPath(p), src = callerPos();
  callbackArg(cb);
  openRequest(p, rel, flagsArg(flags), mode ?? 0o666, cb.name, src, (err, fd) => cb(err, fd));
};

function openRequest(p, rel, flags, mode, name, src, done) {
  request({ op: 'fs.open', path: rel, flags, mode }, name, src, (r) => done(completion(r, 'open', p), r.result));
}

fs.close = function close(fd, cb = () => {}) {
  const src = callerPos();
  request({ op: 'fs.close', fd: fdArg(fd) }, cb.name, src, (r) => cb(completion(r, 'close')));
};

function statLike(op, syscall) {
  return function (p, options, cb) {
    if (typeof options === 'function') cb = options;
    const src = callerPos();
    callbackArg(cb);
    const msg = op === 'fs.fstat' ? { op, fd: fdArg(p) } : { op, path: sandboxPath(p) };
    request(msg, cb.name, src, (r) => {
      const err = completion(r, syscall, op === 'fs.fstat' ? undefined : p);
      err ? cb(err) : cb(null, makeStats(r.stat));
    });
  };
}
fs.stat = statLike('fs.stat', 'stat');
fs.lstat = statLike('fs.lstat', 'lstat');
fs.fstat = statLike('fs.fstat', 'fstat');

fs.read = function read(fd, buffer, offset, length, position, cb) {
  if (typeof buffer === 'function') { cb = buffer; buffer = Buffer.alloc(16384); offset = 0; length = buffer.length; position = null; }
  else if (typeof offset === 'function') { cb = offset; offset = 0; length = buffer.length - 0; position = null; }
  else if (offset !== null && typeof offset === 'object') {
    const o = offset; cb = length; offset = o.offset ?? 0; length = o.length ?? buffer.length - offset; position = o.position ?? null;
  }
  const src = callerPos();
  callbackArg(cb);
  readRequest(fdArg(fd), buffer, offset ?? 0, length ?? buffer.length, position, cb.name, src, cb);
};

function readRequest(fd, buffer, offset, length, position, name, src, cb) {
  const pos = typeof position === 'number' && position >= 0 ? position : -1;
  request({ op: 'fs.read', fd, length, position: pos }, name, src, (r) => {
    const err = completion(r, 'read');
    if (err) return cb(err, 0, buffer);
    const data = Buffer.from(r.data || '', 'base64');
    data.copy(buffer, offset);
    cb(null, data.length, buffer);
  });
}

fs.write = function write(fd, data, a, b, c, d) {
  const src = callerPos();
  let buf, position = null, cb, offset = 0, length;
  if (typeof data === 'string') {
    // fs.write(fd, string[, position[, encoding]], cb)
    const args = [a, b, c].filter((x) => typeof x !== 'function');
    cb = [a, b, c].find((x) => typeof x === 'function');
    position = typeof args[0] === 'number' ? args[0] : null;
    buf = Buffer.from(data, typeof args[1] === 'string' ? args[1] : 'utf8');
    length = buf.length;
    callbackArg(cb);
    return writeRequest(fdArg(fd), buf, 0, length, position, cb.name, src, (err, n) => cb(err, n, data));
  }
  buf = toBuffer(data);
  if (typeof a === 'function') cb = a;
  else if (typeof b === 'function') { cb = b; offset = a ?? 0; }
  else if (typeof c === 'function') { cb = c; offset = a ?? 0; length = b; }
  else { cb = d; offset = a ?? 0; length = b; position = c; }
  callbackArg(cb);
  if (length === undefined) length = buf.length - offset;
  writeRequest(fdArg(fd), buf, offset, length, position, cb.name, src, (err, n) => cb(err, n, data));
};

function writeRequest(fd, buf, offset, length, position, name, src, done) {
  const pos = typeof position === 'number' && position >= 0 ? position : -1;
  const data = buf.subarray(offset, offset + length).toString('base64');
  request({ op: 'fs.write', fd, data, position: pos }, name, src, (r) => done(completion(r, 'write'), Math.max(0, r.result)));
}

function pathOnly(op, syscall) {
  return function (p, cb) {
    const src = callerPos();
    callbackArg(cb);
    request({ op, path: sandboxPath(p) }, cb.name, src, (r) => cb(completion(r, syscall, p)));
  };
}
fs.unlink = pathOnly('fs.unlink', 'unlink');
fs.rmdir = function rmdir(p, options, cb) {
  if (typeof options === 'function') cb = options;
  return pathOnly('fs.rmdir', 'rmdir')(p, cb);
};

fs.mkdir = function mkdir(p, options, cb) {
  if (typeof options === 'function') { cb = options; options = {}; }
  const o = typeof options === 'number' ? { mode: options } : opts(options, {});
  if (o.recursive) throw unsupported('loopstep: fs.mkdir with { recursive: true } is not modeled; make each folder with its own call');
  const src = callerPos();
  callbackArg(cb);
  request({ op: 'fs.mkdir', path: sandboxPath(p), mode: o.mode ?? 0o777 }, cb.name, src, (r) => cb(completion(r, 'mkdir', p)));
};

fs.readdir = function readdir(p, options, cb) {
  if (typeof options === 'function') { cb = options; options = {}; }
  const o = opts(options, {});
  if (o.withFileTypes) throw unsupported('loopstep: fs.readdir with { withFileTypes: true } is not modeled');
  const src = callerPos();
  callbackArg(cb);
  request({ op: 'fs.readdir', path: sandboxPath(p) }, cb.name, src, (r) => {
    const err = completion(r, 'scandir', p);
    err ? cb(err) : cb(null, o.encoding === 'buffer' ? r.names.map((n) => Buffer.from(n)) : r.names);
  });
};

fs.rename = function rename(from, to, cb) {
  const src = callerPos();
  callbackArg(cb);
  request({ op: 'fs.rename', path: sandboxPath(from, 'oldPath'), path2: sandboxPath(to, 'newPath') }, cb.name, src,
          (r) => cb(completion(r, 'rename', from, to)));
};

fs.exists = function exists(p, cb) {
  const src = callerPos();
  let rel;
  try { rel = sandboxPath(p); } catch { return realNextTick(() => cb(false)); }
  request({ op: 'fs.stat', path: rel }, cb.name, src, (r) => cb(r.result >= 0));
};

// readFile as node 20 does it (lib/internal/fs/read/context.js): open, fstat, read until
// the size is reached (or 64 KiB pieces when the size is 0), close. Each is a request.
const kReadFileBufferLength = 512 * 1024, kReadFileUnknownBufferLength = 64 * 1024;
fs.readFile = function readFile(p, options, cb) {
  if (typeof options === 'function') { cb = options; options = {}; }
  const o = opts(options, { flag: 'r' });
  const src = callerPos();
  callbackArg(cb);
  const name = cb.name;
  if (typeof p === 'number') return readFileFrom(p, false, o, name, src, cb);
  openRequest(p, sandboxPath(p), flagsArg(o.flag), 0o666, 'readFileAfterOpen', src, (err, fd) => {
    if (err) return cb(err);
    readFileFrom(fd, true, o, name, src, cb, p);
  });
};

function readFileFrom(fd, close, o, name, src, cb) {
  request({ op: 'fs.fstat', fd }, 'readFileAfterStat', src, (r) => {
    const err = completion(r, 'fstat');
    if (err) return finish(err);
    const size = (r.stat.mode & 0o170000) === 0o100000 ? r.stat.size : 0;
    const buffers = [];
    let pos = 0;
    const buffer = size ? Buffer.allocUnsafe(size) : null;
    const next = () => {
      const length = size ? Math.min(size - pos, kReadFileBufferLength) : kReadFileUnknownBufferLength;
      const target = size ? buffer : Buffer.allocUnsafe(length);
      readRequest(fd, target, size ? pos : 0, length, -1, 'readFileAfterRead', src, (e, n) => {
        if (e) return finish(e);
        if (!size && n) buffers.push(target.subarray(0, n));
        pos += n;
        if (n === 0 || (size && pos === size)) return finish(null, size ? buffer.subarray(0, pos) : Buffer.concat(buffers));
        next();
      });
    };
    next();
  });
  function finish(err, data) {
    const deliver = (closeErr) => {
      const e = err || closeErr;
      if (e) return cb(e);
      cb(null, decode(data, o.encoding));
    };
    if (!close) return deliver(null);
    request({ op: 'fs.close', fd }, 'readFileAfterClose', src, (r) => deliver(completion(r, 'close')));
  }
}

// writeFile / appendFile as node 20 does them: open, write until all is written, close.
function writeWhole(p, data, o, defaultFlag, cb, src) {
  const buf = toBuffer(data, o.encoding);
  const write = (fd, close) => {
    // node writes at least once (an empty file is one write of 0 bytes), then until all is written.
    let off = 0;
    const step = () => writeRequest(fd, buf, off, buf.length - off, null, 'writeAll', src, (err, n) => {
      if (err) return done(err);
      off += n;
      off >= buf.length ? done(null) : step();
    });
    const done = (err) => {
      if (!close) return cb(err);
      request({ op: 'fs.close', fd }, 'writeFileAfterClose', src, (r) => cb(err || completion(r, 'close')));
    };
    step();
  };
  if (typeof p === 'number') return write(p, false);
  openRequest(p, sandboxPath(p), flagsArg(o.flag || defaultFlag), o.mode ?? 0o666, 'writeFileAfterOpen', src, (err, fd) => {
    if (err) return cb(err);
    write(fd, true);
  });
}

fs.writeFile = function writeFile(p, data, options, cb) {
  if (typeof options === 'function') { cb = options; options = {}; }
  const src = callerPos();
  callbackArg(cb);
  writeWhole(p, data, opts(options, {}), 'w', cb, src);
};

fs.appendFile = function appendFile(p, data, options, cb) {
  if (typeof options === 'function') { cb = options; options = {}; }
  const src = callerPos();
  callbackArg(cb);
  writeWhole(p, data, opts(options, {}), 'a', cb, src);
};

// ---- fs, sync forms: the syscall runs on the loop thread and blocks it ---------------------
fs.openSync = function openSync(p, flags, mode) {
  const r = syncCall({ op: 'fs.open', path: sandboxPath(p), flags: flagsArg(flags), mode: mode ?? 0o666 }, callerPos());
  return syncResult(r, 'open', p).result;
};
fs.closeSync = function closeSync(fd) { syncResult(syncCall({ op: 'fs.close', fd: fdArg(fd) }, callerPos()), 'close'); };
function statSync(op, syscall) {
  return function (p, options) {
    const msg = op === 'fs.fstat' ? { op, fd: fdArg(p) } : { op, path: sandboxPath(p) };
    const r = syncCall(msg, callerPos());
    if (r.result < 0 && options && options.throwIfNoEntry === false && r.result === -2) return undefined;
    return makeStats(syncResult(r, syscall, op === 'fs.fstat' ? undefined : p).stat);
  };
}
fs.statSync = statSync('fs.stat', 'stat');
fs.lstatSync = statSync('fs.lstat', 'lstat');
fs.fstatSync = statSync('fs.fstat', 'fstat');
fs.existsSync = function existsSync(p) {
  let rel;
  try { rel = sandboxPath(p); } catch { return false; }
  return syncCall({ op: 'fs.stat', path: rel }, callerPos()).result >= 0;
};
fs.readSync = function readSync(fd, buffer, offset, length, position) {
  if (offset !== null && typeof offset === 'object') { const o = offset; offset = o.offset ?? 0; length = o.length; position = o.position; }
  offset = offset ?? 0;
  length = length ?? buffer.length - offset;
  const pos = typeof position === 'number' && position >= 0 ? position : -1;
  const r = syncResult(syncCall({ op: 'fs.read', fd: fdArg(fd), length, position: pos }, callerPos()), 'read');
  const data = Buffer.from(r.data || '', 'base64');
  data.copy(buffer, offset);
  return data.length;
};
fs.writeSync = function writeSync(fd, data, a, b, c) {
  let buf, position = null;
  if (typeof data === 'string') { buf = Buffer.from(data, typeof b === 'string' ? b : 'utf8'); position = typeof a === 'number' ? a : null; }
  else { buf = toBuffer(data); const offset = a ?? 0; buf = buf.subarray(offset, b === undefined ? undefined : offset + b); position = c ?? null; }
  const pos = typeof position === 'number' && position >= 0 ? position : -1;
  return syncResult(syncCall({ op: 'fs.write', fd: fdArg(fd), data: buf.toString('base64'), position: pos }, callerPos()), 'write').result;
};
fs.readFileSync = function readFileSync(p, options) {
  const o = opts(options, { flag: 'r' });
  const src = callerPos();
  const own = typeof p !== 'number';
  const fd = own ? syncResult(syncCall({ op: 'fs.open', path: sandboxPath(p), flags: flagsArg(o.flag), mode: 0o666 }, src), 'open', p).result : p;
  try {
    const st = syncResult(syncCall({ op: 'fs.fstat', fd }, src), 'fstat').stat;
    const parts = [];
    for (;;) {
      const r = syncResult(syncCall({ op: 'fs.read', fd, length: st.size > 0 ? st.size : kReadFileUnknownBufferLength, position: -1 }, src), 'read');
      if (r.result === 0) break;
      parts.push(Buffer.from(r.data, 'base64'));
      if (st.size > 0 && parts.reduce((n, b) => n + b.length, 0) >= st.size) break;
    }
    return decode(Buffer.concat(parts), o.encoding);
  } finally {
    if (own) syncCall({ op: 'fs.close', fd }, src);
  }
};
function writeWholeSync(p, data, options, defaultFlag) {
  const o = opts(options, {});
  const src = callerPos();
  const own = typeof p !== 'number';
  const fd = own ? syncResult(syncCall({ op: 'fs.open', path: sandboxPath(p), flags: flagsArg(o.flag || defaultFlag), mode: o.mode ?? 0o666 }, src), 'open', p).result : p;
  try {
    const buf = toBuffer(data, o.encoding);
    for (let off = 0; off < buf.length;)
      off += syncResult(syncCall({ op: 'fs.write', fd, data: buf.subarray(off).toString('base64'), position: -1 }, src), 'write').result;
  } finally {
    if (own) syncCall({ op: 'fs.close', fd }, src);
  }
}
fs.writeFileSync = function writeFileSync(p, data, options) { writeWholeSync(p, data, options, 'w'); };
fs.appendFileSync = function appendFileSync(p, data, options) { writeWholeSync(p, data, options, 'a'); };
fs.unlinkSync = function unlinkSync(p) { syncResult(syncCall({ op: 'fs.unlink', path: sandboxPath(p) }, callerPos()), 'unlink', p); };
fs.rmdirSync = function rmdirSync(p) { syncResult(syncCall({ op: 'fs.rmdir', path: sandboxPath(p) }, callerPos()), 'rmdir', p); };
fs.mkdirSync = function mkdirSync(p, options) {
  const o = typeof options === 'number' ? { mode: options } : opts(options, {});
  if (o.recursive) throw unsupported('loopstep: fs.mkdirSync with { recursive: true } is not modeled');
  syncResult(syncCall({ op: 'fs.mkdir', path: sandboxPath(p), mode: o.mode ?? 0o777 }, callerPos()), 'mkdir', p);
};
fs.readdirSync = function readdirSync(p, options) {
  const o = opts(options, {});
  if (o.withFileTypes) throw unsupported('loopstep: fs.readdirSync with { withFileTypes: true } is not modeled');
  return syncResult(syncCall({ op: 'fs.readdir', path: sandboxPath(p) }, callerPos()), 'scandir', p).names;
};
fs.renameSync = function renameSync(from, to) {
  syncResult(syncCall({ op: 'fs.rename', path: sandboxPath(from, 'oldPath'), path2: sandboxPath(to, 'newPath') }, callerPos()), 'rename', from, to);
};
fs.Stats = realFs.Stats;
fs.constants = realFs.constants;
fs.F_OK = realFs.F_OK; fs.R_OK = realFs.R_OK; fs.W_OK = realFs.W_OK; fs.X_OK = realFs.X_OK;
for (const name of ['createReadStream', 'createWriteStream', 'watch', 'watchFile', 'symlink', 'symlinkSync', 'link', 'linkSync',
                    'chmod', 'chmodSync', 'chown', 'chownSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync', 'rm', 'rmSync',
                    'opendir', 'opendirSync', 'realpath', 'realpathSync', 'access', 'accessSync', 'truncate', 'truncateSync',
                    'ftruncate', 'ftruncateSync', 'utimes', 'utimesSync', 'lutimes', 'lutimesSync', 'futimes', 'futimesSync',
                    'lchown', 'lchownSync', 'fchown', 'fchownSync', 'fchmod', 'fchmodSync', 'lchmod', 'lchmodSync',
                    'fsync', 'fsyncSync', 'fdatasync', 'fdatasyncSync', 'readv', 'readvSync', 'writev', 'writevSync',
                    'statfs', 'statfsSync', 'openAsBlob', 'readlink', 'readlinkSync', 'mkdtemp', 'mkdtempSync'])
  fs[name] = function () { throw unsupported(`loopstep does not model fs.${name}; a lesson may use open, close, read, write, stat, lstat, fstat, unlink, readFile, writeFile, appendFile, mkdir, readdir, rename, rmdir (callback, promise and sync forms)`); };

// ---- fs.promises: the same requests, settling a promise (its reactions run as microtasks) --
function promised(fn) {
  return (...args) => new Promise((resolve, reject) => fn(...args, (err, value) => (err ? reject(err) : resolve(value))));
}
class FileHandle {
  constructor(fd) { this.fd = fd; }
  async read(buffer, offset, length, position) {
    if (buffer === undefined || (buffer !== null && typeof buffer === 'object' && !ArrayBuffer.isView(buffer))) {
      const o = buffer || {};
      buffer = o.buffer || Buffer.alloc(16384); offset = o.offset ?? 0; length = o.length ?? buffer.length - offset; position = o.position ?? null;
    }
    const src = callerPos();
    return new Promise((resolve, reject) => readRequest(this.fd, buffer, offset ?? 0, length ?? buffer.length, position, 'FileHandle.read', src,
      (err, bytesRead) => (err ? reject(err) : resolve({ bytesRead, buffer }))));
  }
  async write(data, a, b, c) {
    const src = callerPos();
    const buf = toBuffer(data, typeof b === 'string' ? b : undefined);
    const position = typeof data === 'string' ? a : c;
    return new Promise((resolve, reject) => writeRequest(this.fd, buf, 0, buf.length, position ?? null, 'FileHandle.write', src,
      (err, bytesWritten) => (err ? reject(err) : resolve({ bytesWritten, buffer: data }))));
  }
  async stat() {
    const src = callerPos();
    return new Promise((resolve, reject) => request({ op: 'fs.fstat', fd: this.fd }, 'FileHandle.stat', src, (r) => {
      const err = completion(r, 'fstat');
      err ? reject(err) : resolve(makeStats(r.stat));
    }));
  }
  async readFile(options) {
    const src = callerPos();
    return new Promise((resolve, reject) => readFileFrom(this.fd, false, opts(options, {}), 'FileHandle.readFile', src, (e, d) => (e ? reject(e) : resolve(d))));
  }
  async writeFile(data, options) {
    const src = callerPos();
    return new Promise((resolve, reject) => writeWhole(this.fd, data, opts(options, {}), 'w', (e) => (e ? reject(e) : resolve()), src));
  }
  async close() {
    const src = callerPos();
    const fd = this.fd;
    this.fd = -1;
    return new Promise((resolve, reject) => request({ op: 'fs.close', fd }, 'FileHandle.close', src, (r) => {
      const err = completion(r, 'close');
      err ? reject(err) : resolve();
    }));
  }
}
const promises = {
  open: async (p, flags, mode) => {
    const rel = sandboxPath(p), src = callerPos();
    return new Promise((resolve, reject) => openRequest(p, rel, flagsArg(flags), mode ?? 0o666, 'FileHandle', src,
      (err, fd) => (err ? reject(err) : resolve(new FileHandle(fd)))));
  },
  stat: promised(fs.stat), lstat: promised(fs.lstat), readFile: promised(fs.readFile), writeFile: promised(fs.writeFile),
  appendFile: promised(fs.appendFile), unlink: promised(fs.unlink), mkdir: promised(fs.mkdir), readdir: promised(fs.readdir),
  rename: promised(fs.rename), rmdir: promised(fs.rmdir),
  constants: realFs.constants,
};
fs.promises = promises;

// ---- timers: loopstep's loop runs them --------------------------------------------------
class Timeout {
  constructor(req, repeat) { this._req = req; this._repeat = repeat; }
  ref() { return this; }
  unref() { throw unsupported('loopstep does not model unref(): every timer keeps the loop alive'); }
  hasRef() { return true; }
  [Symbol.toPrimitive]() { return this._req; }
}
class Immediate {
  constructor(req) { this._req = req; }
  ref() { return this; }
  unref() { throw unsupported('loopstep does not model unref(): every immediate keeps the loop alive'); }
  hasRef() { return true; }
}
const timerObjects = new Map();  // req -> Timeout, so clearTimeout(id) works with the number too

function timer(repeat) {
  return function (fn, delay, ...args) {
    if (typeof fn !== 'function') return callbackArg(fn);
    let ms = Number(delay);
    if (!(ms >= 1 && ms <= 2147483647)) ms = 1;  // node: outside 1 .. 2^31-1 is 1
    ms = Math.trunc(ms);
    const src = callerPos();
    let t;
    const req = request({ op: 'setTimeout', delay: ms, repeat: repeat ? ms : 0 }, fn.name, src, () => {
      if (!repeat) timerObjects.delete(req);
      fn.apply(t, args);
    });
    t = new Timeout(req, repeat);
    timerObjects.set(req, t);
    return t;
  };
}
function clearer(fnName) {
  return function (t) {
    if (t === undefined || t === null) return;
    const req = typeof t === 'object' ? t._req : Number(t);
    if (!timerObjects.has(req) && !(t instanceof Immediate)) return;
    timerObjects.delete(req);
    pending.delete(req);
    send({ t: 'clear', req, fn: fnName, src: callerPos() });
  };
}
const lessonSetImmediate = function setImmediate(fn, ...args) {
  if (typeof fn !== 'function') return callbackArg(fn);
  const src = callerPos();
  const req = request({ op: 'setImmediate' }, fn.name, src, () => { timerObjects.delete(req); fn(...args); });
  timerObjects.set(req, null);
  return new Immediate(req);
};
const timers = {
  setTimeout: timer(false), setInterval: timer(true), setImmediate: lessonSetImmediate,
  clearTimeout: clearer('clearTimeout'), clearInterval: clearer('clearInterval'), clearImmediate: clearer('clearImmediate'),
};
Object.assign(globalThis, timers);

// ---- what node queues itself, observed: ticks, microtasks, promise reactions ------------
let ticksQueued = 0, microtasksQueued = 0;
process.nextTick = function nextTick(fn, ...args) {
  const src = callerPos();
  if (!src || inBridge) return realNextTick(fn, ...args);  // node's own ticks are node's
  if (typeof fn !== 'function') return realNextTick(fn);  // node's own error
  const { req } = send({ t: 'queued', kind: 'tick', name: fn.name || 'anonymous', src, depth: ++ticksQueued });
  realNextTick(() => {
    --ticksQueued;
    send({ t: 'run', req });
    try { fn(...args); } finally { send({ t: 'ran', req }); }
  });
};
const realQueueMicrotask = queueMicrotask;
globalThis.queueMicrotask = function queueMicrotask(fn) {
  const src = callerPos();
  if (!src || typeof fn !== 'function') return realQueueMicrotask(fn);
  const { req } = send({ t: 'queued', kind: 'microtask', name: fn.name || 'anonymous', src, depth: ++microtasksQueued });
  realQueueMicrotask(() => {
    --microtasksQueued;
    send({ t: 'run', req });
    try { fn(); } finally { send({ t: 'ran', req }); }
  });
};
// A promise reaction is queued when the promise it waits on settles (or at once when that
// promise has settled already); it runs between the hooks' before and after.
const reactionOf = new WeakMap();   // derived promise -> its reaction: { req, src }
const waiting = new WeakMap();      // settling promise -> reactions that wait on it
const settled = new WeakSet();
function queueReaction(r) {
  if (r.req) return;
  r.req = send({ t: 'queued', kind: 'microtask', name: 'promise reaction', src: r.src, depth: ++microtasksQueued }).req;
}
promiseHooks.createHook({
  init(promise, parent) {
    if (inBridge || !parent) return;
    const src = callerPos();
    if (!src) return;
    const r = { req: 0, src };
    reactionOf.set(promise, r);
    if (settled.has(parent)) queueReaction(r);
    else {
      const list = waiting.get(parent) || [];
      list.push(r);
      waiting.set(parent, list);
    }
  },
  settled(promise) {
    if (inBridge) return;
    settled.add(promise);
    const list = waiting.get(promise);
    if (!list) return;
    waiting.delete(promise);
    for (const r of list) queueReaction(r);
  },
  before(promise) {
    const r = reactionOf.get(promise);
    if (!r || inBridge) return;
    queueReaction(r);
    --microtasksQueued;
    send({ t: 'run', req: r.req });
  },
  after(promise) {
    const r = reactionOf.get(promise);
    if (!r || !r.req || inBridge) return;
    send({ t: 'ran', req: r.req });
    reactionOf.delete(promise);
  },
});

// ---- console: node's formatting, loopstep's console events ------------------------------
for (const name of ['log', 'info', 'debug', 'warn', 'error', 'trace'])
  console[name] = function (...args) { send({ t: 'console', text: util.format(...args), src: callerPos() }); };
console.dir = function dir(obj, options) { send({ t: 'console', text: util.inspect(obj, { customInspect: false, ...options }), src: callerPos() }); };

// ---- crypto: pbkdf2 is a real job on loopstep's pool ------------------------------------
// The key is derived by loopstep's worker (core/engine/pbkdf2.cpp), so the worker is busy for
// as long as the derivation takes. Node's own crypto checks the arguments first, so a wrong
// one throws node's own error: its pbkdf2 validates everything before the callback, and its
// pbkdf2Sync with keylen 0 and one iteration checks the digest for almost no work.
const realCrypto = require('crypto');
const PBKDF2_DIGESTS = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'];
const MAX_KEY_BYTES = 1 << 20;  // core/node/node_program.cpp's kMaxKeyBytes
function bytesOf(v) {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return Buffer.from(v);  // an ArrayBuffer: node's check accepted nothing else
}
function pbkdf2Message(password, salt, iterations, keylen, digest, callback, sync) {
  if (!sync && typeof callback !== 'function') realCrypto.pbkdf2(password, salt, iterations, keylen, digest, callback);
  try {
    realCrypto.pbkdf2(password, salt, iterations, keylen, digest, null);
  } catch (e) {
    if (!(e.code === 'ERR_INVALID_ARG_TYPE' && e.message.startsWith('The "callback" argument'))) throw e;
  }
  realCrypto.pbkdf2Sync(password, salt, 1, 0, digest);
  const name = String(digest).toLowerCase();
  if (!PBKDF2_DIGESTS.includes(name))
    throw unsupported(`loopstep derives crypto.pbkdf2 keys with ${PBKDF2_DIGESTS.join(', ')}; the digest ${JSON.stringify(digest)} is not modeled`);
  if (keylen > MAX_KEY_BYTES) throw unsupported(`loopstep: crypto.pbkdf2 keys are at most ${MAX_KEY_BYTES} bytes (keylen ${keylen})`);
  return { op: 'crypto.pbkdf2', data: bytesOf(password).toString('base64'), salt: bytesOf(salt).toString('base64'),
           iterations, keylen, digest: name };
}
function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === 'function') [digest, callback] = [undefined, digest];
  const msg = pbkdf2Message(password, salt, iterations, keylen, digest, callback, false);
  const src = callerPos();
  request(msg, callback.name, src, (r) => callback(null, Buffer.from(r.data || '', 'base64')));
}
function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  const msg = pbkdf2Message(password, salt, iterations, keylen, digest, undefined, true);
  return Buffer.from(syncCall(msg, callerPos()).data || '', 'base64');
}
// The rest of crypto is node's: hashes, HMACs, ciphers and random bytes run synchronously on
// the JavaScript thread, as under node. What node would run on its own pool is refused.
const lessonCrypto = {};
for (const key of Reflect.ownKeys(realCrypto))
  Object.defineProperty(lessonCrypto, key, { ...Object.getOwnPropertyDescriptor(realCrypto, key), configurable: true });
Object.assign(lessonCrypto, { pbkdf2, pbkdf2Sync });
function poolRefused(name, alternative) {
  return function () { throw unsupported(`loopstep does not model crypto.${name}: node would run it on its own thread pool, outside loopstep's loop; use ${alternative}`); };
}
for (const name of ['scrypt', 'hkdf', 'generateKeyPair', 'generateKey', 'generatePrime', 'checkPrime'])
  lessonCrypto[name] = poolRefused(name, `crypto.pbkdf2 for work on the pool, or crypto.${name}Sync`);
for (const name of ['randomBytes', 'randomFill', 'randomInt']) {
  const real = realCrypto[name];
  lessonCrypto[name] = function (...args) {
    if (typeof args[args.length - 1] === 'function') poolRefused(`${name} with a callback`, `crypto.pbkdf2 for work on the pool, or ${name} without a callback`)();
    return real.apply(realCrypto, args);
  };
}
for (const name of ['webcrypto', 'subtle'])
  Object.defineProperty(lessonCrypto, name, { get: poolRefused(name, 'crypto.pbkdf2'), enumerable: true });

// ---- net: TCP on loopback, on loopstep's real sockets (DESIGN §12) ----------------------
// node's lib/net.js in the part a lesson uses: a Socket is a real stream.Duplex, so buffering,
// 'data', 'end', 'finish', 'drain', setEncoding and highWaterMark are node's own; only its
// handle is loopstep's. Each uv_* call of node's TCPWrap is one synchronous bridge call
// (the engine makes the syscalls on the loop thread); libuv's callbacks come back as
// invokes, which node drains after as after any callback.
const stream = require('stream');
const EventEmitter = require('events');
const netHandles = new Map();  // handle id -> its Server or Socket (onconnection / onread)
const closeCallbacks = new Map();  // handle id -> its close callback (uv_close's cb)
const UV_EOF = -4095;
const LOOPBACK = '127.0.0.1';
let netReady = false;

// The first net call asks whether this run's backend has sockets: if not, it throws at its line.
function netHello(src) {
  if (netReady) return;
  send({ t: 'net', op: 'hello', src });
  netReady = true;
}
function netCall(msg, src) {
  netHello(src);
  msg.t = 'net';
  msg.src = src;
  return send(msg);
}

function netError(errno, syscall, address, port, why) {
  const [code] = errorMap.get(errno) || ['UNKNOWN'];
  let message = `${syscall} ${code}`;
  // node's exceptionWithHostPort: " address:port", or " address" for port 0.
  if (address !== undefined) message += port ? ` ${address}:${port}` : ` ${address}`;
  if (why) message += ` - ${why}`;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const err = new Error(message);
  Error.stackTraceLimit = limit;
  err.errno = errno;
  err.code = code;
  err.syscall = syscall;
  if (address !== undefined) { err.address = address; if (port !== undefined) err.port = port; }
  return err;
}
// node's errnoException: "read ECONNRESET", "write EPIPE".
function plainError(errno, syscall) { return netError(errno, syscall); }
const notLoopback = (host) => `loopstep: a lesson's sockets use the loopback address ${LOOPBACK} only; ${host} was refused before any packet was sent`;
const notOwnPort = (port) => `loopstep: a lesson connects only to ports its own servers listen on (or listened on); port ${port} was refused before any packet was sent`;

function netUnsupported(what) {
  return function () { throw unsupported(`loopstep does not model ${what}; a lesson's net has createServer, listen(0, '${LOOPBACK}'), address, close, connect / createConnection, write, end, destroy, setEncoding and the events 'listening', 'connection', 'connect', 'data', 'end', 'close', 'error', 'drain'`); };
}

class Socket extends stream.Duplex {
  constructor(options = {}) {
    super({ allowHalfOpen: Boolean(options.allowHalfOpen), emitClose: false, autoDestroy: true, decodeStrings: false });
    this.connecting = false;
    this._handle = null;
    this.server = null;
    this._server = null;
    this.remoteAddress = undefined;
    this.remotePort = undefined;
    this.localPort = undefined;
    this.bytesWritten = 0;
    this.bytesRead = 0;
    if (options.handle) {
      this._attach(options.handle);
      this.remoteAddress = LOOPBACK;
      this.remotePort = options.handle.peer;
      this.localPort = options.handle.local;
    }
    this.on('end', onReadableStreamEnd);
    if (this._handle) this.read(0);  // node starts reading an accepted socket at once
  }
  _attach(h) {
    this._handle = h;
    h.reading = false;
    netHandles.set(h.id, this);
  }
  get pending() { return !this._handle || this.connecting; }
  get readyState() {
    if (this.connecting) return 'opening';
    if (this.readable && this.writable) return 'open';
    if (this.readable && !this.writable) return 'readOnly';
    if (!this.readable && this.writable) return 'writeOnly';
    return 'closed';
  }
  address() { return this._handle && this.localPort ? { address: LOOPBACK, family: 'IPv4', port: this.localPort } : {}; }
  connect(...args) {
    let [port, host, cb] = args;
    if (port !== null && typeof port === 'object') { cb = host; host = port.host; port = port.port; }
    if (typeof host === 'function') { cb = host; host = undefined; }
    if (typeof cb === 'function') this.once('connect', cb);
    const src = callerPos();
    if (host === undefined) host = 'localhost';
    // net.connect(path): a unix socket is an address outside loopback TCP, refused as such.
    if (typeof port === 'string' && !/^[0-9]+$/.test(port)) [host, port] = [port, 0];
    port = Number(port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      const e = new RangeError(`Port should be >= 0 and < 65536. Received ${util.inspect(port)}.`);
      e.code = 'ERR_SOCKET_BAD_PORT';
      throw e;
    }
    if (!this._handle) {
      const r = netCall({ op: 'tcp', cb: 'Socket' }, src);
      this._attach({ id: r.handle });
    }
    this.connecting = true;
    // lookupAndConnect: an IP address connects in a nextTick (internalConnect), without a lookup.
    realNextTick(() => {
      if (!this.connecting) return;
      const r = netCall({ op: 'connect', handle: this._handle.id, host: String(host), port, cb: 'afterConnect' }, src);
      if (r.result < 0) {
        const why = r.result !== -errorCode('EACCES') ? undefined : host !== LOOPBACK ? notLoopback(host) : notOwnPort(port);
        this.destroy(netError(r.result, 'connect', host, port, why));
        return;
      }
      this._connectReq = r.req;
      pendingNet.set(r.req, (m) => {
        if (this.destroyed) return;
        this.connecting = false;
        if (m.status === 0) {
          this.remoteAddress = LOOPBACK;
          this.remotePort = port;
          this.localPort = m.local;
          this.emit('connect');
          this.emit('ready');
          if (!this.isPaused()) this.read(0);
        } else {
          this.destroy(netError(m.status, 'connect', host, port));
        }
      });
    });
    return this;
  }
  _read() {
    if (this.connecting || !this._handle) return this.once('connect', () => this._read());
    if (!this._handle.reading) {
      this._handle.reading = true;
      netCall({ op: 'read_start', handle: this._handle.id }, callerPos());
    }
  }
  _onread(m) {
    if (m.status > 0) {
      const buf = Buffer.from(m.data || '', 'base64');
      this.bytesRead += buf.length;  // the handle counts a read before onStreamRead pushes it
      if (!this.push(buf)) {  // backpressure: stop reading until the stream asks again
        this._handle.reading = false;
        if (!this.destroyed) netCall({ op: 'read_stop', handle: this._handle.id }, null);
      }
      return;
    }
    if (m.status !== UV_EOF) return this.destroy(plainError(m.status, 'read'));
    this.push(null);
    this.read(0);
  }
  _writeGeneric(data, encoding, cb) {
    if (this.connecting) {
      const onClose = () => cb(Object.assign(new Error('Socket closed before the connection was established'), { code: 'ERR_SOCKET_CLOSED_BEFORE_CONNECTION' }));
      this.once('connect', () => { this.off('close', onClose); this._writeGeneric(data, encoding, cb); });
      this.once('close', onClose);
      return;
    }
    if (!this._handle) return cb(Object.assign(new Error('Socket is closed'), { code: 'ERR_SOCKET_CLOSED' }));
    const buf = typeof data === 'string' ? Buffer.from(data, encoding) : data;
    const r = netCall({ op: 'write', handle: this._handle.id, data: buf.toString('base64'), cb: 'onWriteComplete' }, callerPos());
    if (r.result < 0) return cb(plainError(r.result, 'write'));
    this.bytesWritten += buf.length;
    if (!r.async) return cb();  // uv_try_write took it all: afterWriteDispatched calls back at once
    pendingNet.set(r.req, (m) => {
      if (this.destroyed) return cb(null);
      if (m.status < 0) return cb(plainError(m.status, 'write'));
      cb(null);
    });
  }
  _write(data, encoding, cb) { this._writeGeneric(data, encoding, cb); }
  _writev(chunks, cb) {
    const bufs = chunks.map(({ chunk, encoding }) => (typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk));
    this._writeGeneric(Buffer.concat(bufs), 'buffer', cb);
  }
  _final(cb) {
    if (this.connecting) return this.once('connect', () => this._final(cb));
    if (!this._handle) return cb();
    const r = netCall({ op: 'shutdown', handle: this._handle.id, cb: 'afterShutdown' }, callerPos());
    if (r.result < 0) return r.result === -errorCode('ENOTCONN') ? cb() : cb(plainError(r.result, 'shutdown'));
    pendingNet.set(r.req, () => cb());
  }
  _destroy(exception, cb) {
    this.connecting = false;
    if (this._handle) {
      const isException = Boolean(exception);
      const h = this._handle;
      // node: this._handle.close(() => this.emit('close', isException)), from the closing phase.
      netHandles.delete(h.id);
      closeCallbacks.set(h.id, () => this.emit('close', isException));
      netCall({ op: 'close', handle: h.id, cb: 'onclose' }, callerPos());
      this._handle = null;
      cb(exception);
    } else {
      cb(exception);
      realNextTick(() => this.emit('close', Boolean(exception)));
    }
    if (this._server) {
      this._server._connections--;
      this._server._emitCloseIfDrained();
    }
  }
  setEncoding(enc) { return super.setEncoding(enc); }
  setNoDelay() { return this; }
  setKeepAlive() { return this; }
  ref() { return this; }
}
function onReadableStreamEnd() {
  // node's writeAfterFIN: until the socket's own end() (a nextTick after 'end'), a write is
  // still an ordinary write; after it, EPIPE, the socket destroyed at once, the callback ticked.
  if (!this.allowHalfOpen) this.write = function writeAfterFIN(chunk, encoding, cb) {
    if (!this.writableEnded) return stream.Duplex.prototype.write.call(this, chunk, encoding, cb);
    if (typeof encoding === 'function') cb = encoding;
    const er = Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' });
    if (typeof cb === 'function') realNextTick(cb, er);
    this.destroy(er);
    return false;
  };
}
for (const name of ['unref', 'setTimeout', 'resetAndDestroy'])
  Socket.prototype[name] = netUnsupported(`socket.${name}`);

class Server extends EventEmitter {
  constructor(options, listener) {
    super();
    if (typeof options === 'function') { listener = options; options = {}; }
    options = options || {};
    if (typeof listener === 'function') this.on('connection', listener);
    this._connections = 0;
    this._listeningId = 1;
    this._handle = null;
    this._port = 0;
    this.allowHalfOpen = Boolean(options.allowHalfOpen);
    netHello(callerPos());
  }
  get listening() { return Boolean(this._handle); }
  listen(...args) {
    let [port, host, backlog, cb] = args;
    if (port !== null && typeof port === 'object') { cb = host; host = port.host; port = port.port; }
    if (typeof host === 'function') { cb = host; host = undefined; }
    else if (typeof backlog === 'function') { cb = backlog; }
    if (typeof cb === 'function') this.once('listening', cb);
    const src = callerPos();
    if (port !== 0 && port !== undefined && port !== '0')
      throw unsupported(`loopstep: a lesson's server listens on an ephemeral port only: listen(0, '${LOOPBACK}'); port ${util.inspect(port)} is not modeled`);
    if (host !== LOOPBACK)
      throw unsupported(`loopstep: a lesson's server listens on ${LOOPBACK} only (loopback): listen(0, '${LOOPBACK}'); ${util.inspect(host)} is refused before any socket exists`);
    // lookupAndListen: a host goes through dns.lookup, which answers an IP address in a
    // nextTick; only then does the server listen (listening and address() stay false and null
    // until that tick), and 'listening' is one more nextTick after it. A close() made before
    // the lookup's tick cancels the listen, as node's _listeningId does.
    const listeningId = this._listeningId;
    realNextTick(() => {
      if (listeningId !== this._listeningId) return;
      const r = netCall({ op: 'listen', host, port: 0, cb: 'onconnection' }, src);
      if (r.result < 0) {
        realNextTick(() => this.emit('error', netError(r.result, 'listen', host, 0)));
        return;
      }
      this._handle = { id: r.handle };
      this._port = r.port;
      netHandles.set(r.handle, this);
      realNextTick(() => this.emit('listening'));
    });
    return this;
  }
  address() { return this._handle ? { address: LOOPBACK, family: 'IPv4', port: this._port } : null; }
  _onconnection(m) {
    if (m.status < 0) return this.emit('error', plainError(m.status, 'accept'));
    const socket = new Socket({ handle: { id: m.client, local: m.local, peer: m.peer }, allowHalfOpen: this.allowHalfOpen });
    this._connections++;
    socket.server = this;
    socket._server = this;
    this.emit('connection', socket);
  }
  close(cb) {
    if (typeof cb === 'function') {
      if (!this._handle) this.once('close', () => cb(Object.assign(new Error('Server is not running.'), { code: 'ERR_SERVER_NOT_RUNNING' })));
      else this.once('close', cb);
    }
    this._listeningId++;
    if (this._handle) {
      const id = this._handle.id;
      netCall({ op: 'close', handle: id }, callerPos());  // node's server handle closes without a callback
      netHandles.delete(id);
      this._handle = null;
    }
    this._emitCloseIfDrained();
    return this;
  }
  _emitCloseIfDrained() {
    if (this._handle || this._connections) return;
    realNextTick(() => this.emit('close'));
  }
  getConnections(cb) { realNextTick(() => cb(null, this._connections)); return this; }
  ref() { return this; }
}
for (const name of ['unref', 'listenFd'])
  Server.prototype[name] = netUnsupported(`server.${name}`);

const pendingNet = new Map();  // req -> what its libuv callback does
function errorCode(name) {
  for (const [errno, [code]] of errorMap) if (code === name) return -errno;
  return 0;
}
function netInvoke(m) {
  if (m.net === 'connection') return netHandles.get(m.handle)?._onconnection(m);
  if (m.net === 'read') return netHandles.get(m.handle)?._onread(m);
  if (m.net === 'close') {
    const cb = closeCallbacks.get(m.handle);
    closeCallbacks.delete(m.handle);
    return cb && cb();
  }
  const done = pendingNet.get(m.req);
  pendingNet.delete(m.req);
  if (done) done(m);
}

function createServer(options, listener) { return new Server(options, listener); }
function connect(...args) {
  const socket = new Socket(typeof args[0] === 'object' && args[0] !== null ? args[0] : {});
  return socket.connect(...args);
}
const lessonNet = {
  createServer, connect, createConnection: connect, Server, Socket, Stream: Socket,
  isIP: net.isIP, isIPv4: net.isIPv4, isIPv6: net.isIPv6,
};
for (const name of ['BlockList', 'SocketAddress', 'getDefaultAutoSelectFamily', 'setDefaultAutoSelectFamily',
                    'getDefaultAutoSelectFamilyAttemptTimeout', 'setDefaultAutoSelectFamilyAttemptTimeout'])
  lessonNet[name] = netUnsupported(`net.${name}`);

// ---- what a lesson may not do -------------------------------------------------------------
const ALLOWED = new Set(['path', 'util', 'events', 'assert', 'buffer', 'string_decoder', 'url', 'querystring', 'punycode']);
const BRIDGED = { fs: lessonFs, 'fs/promises': promises, timers, crypto: lessonCrypto, net: lessonNet };
const NETWORK = new Set(['http', 'https', 'http2', 'dgram', 'tls', 'dns', 'dns/promises', 'net/promises']);
const realRequire = Module.prototype.require;
Module.prototype.require = function require(id) {
  if (this.filename !== LESSON) return realRequire.call(this, id);
  const name = typeof id === 'string' && id.startsWith('node:') ? id.slice(5) : id;
  if (name in BRIDGED) return BRIDGED[name];
  if (ALLOWED.has(name)) return realRequire.call(this, name);
  if (NETWORK.has(name))
    throw unsupported(`loopstep does not model require('${id}'): a lesson's network is require('net'), TCP on loopback (${LOOPBACK}) on the epoll backend`);
  if (Module.isBuiltin(name))
    throw unsupported(`loopstep does not model require('${id}'): a lesson may use fs, fs/promises, timers, crypto, net, and the pure modules ${[...ALLOWED].join(', ')}`);
  throw unsupported(`loopstep runs one file: require('${id}') cannot load another module`);
};
for (const name of ['binding', '_linkedBinding', 'dlopen', 'kill', 'chdir', 'abort', 'setuid', 'setgid', 'initgroups', 'setgroups'])
  process[name] = function () { throw unsupported(`loopstep does not model process.${name}`); };
// process 'exit' listeners, once, as node runs them: synchronously, with the exit code.
let exiting = false;
function lessonExit(code) {
  if (exiting) return;
  exiting = true;
  process.exitCode = code;
  process.emit('exit', code);
}
process.exit = function exit(code) {
  const c = code === undefined ? (process.exitCode ?? 0) : Number(code) | 0;
  lessonExit(c);
  writeAll(CALLS, JSON.stringify({ t: 'exit', code: c, why: `process.exit(${code === undefined ? '' : code})`, src: callerPos() }) + '\n');
  readLine();
  realExit(c);
};

function lessonStack(err) {
  const text = err && err.stack ? String(err.stack) : util.inspect(err);
  return text.split('\n').filter((l) => !/\(node:|at node:|bootstrap\.js/.test(l)).join('\n').split(SANDBOX + path.sep).join('');
}
process.on('uncaughtException', (err) => {
  let src = null;
  const m = err && err.stack && String(err.stack).match(new RegExp(LESSON.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + ':(\\d+):(\\d+)'));
  if (m) src = [Number(m[1]), Number(m[2])];
  try { lessonExit(1); } catch { /* a throwing 'exit' listener does not hide the first error */ }
  writeAll(CALLS, JSON.stringify({ t: 'uncaught', code: 1, why: 'uncaught ' + String((err && err.stack ? String(err.stack).split('\n')[0] : util.inspect(err))), text: lessonStack(err), src }) + '\n');
  readLine();
  realExit(1);
});

// ---- the main script and the callbacks the loop delivers ---------------------------------
// After the main module and after each callback: "returned" when the JavaScript returns,
// "done" once node has drained process.nextTick and the microtasks (an immediate of the real
// loop runs only after that drain).
function returned() {
  send({ t: 'returned' });
  realSetImmediate(() => send({ t: 'done' }));
}
const realCompile = Module.prototype._compile;
Module.prototype._compile = function _compile(content, filename) {
  if (filename !== LESSON) return realCompile.call(this, content, filename);
  const result = realCompile.call(this, content, filename);
  returned();
  return result;
};

let invokeBuffer = '';
const invokes = new net.Socket({ fd: INVOKES, readable: true, writable: false });
invokes.setEncoding('utf8');
invokes.on('data', (text) => {
  invokeBuffer += text;
  let nl;
  while ((nl = invokeBuffer.indexOf('\n')) >= 0) {
    const msg = JSON.parse(invokeBuffer.slice(0, nl));
    invokeBuffer = invokeBuffer.slice(nl + 1);
    if (msg.event === 'beforeExit') {
      process.emit('beforeExit', process.exitCode ?? 0);
      returned();
      continue;
    }
    if (msg.event === 'exit') {
      lessonExit(process.exitCode ?? 0);
      send({ t: 'returned', code: process.exitCode ?? 0 });
      continue;
    }
    if (msg.net) {
      netInvoke(msg);
      returned();
      continue;
    }
    const done = pending.get(msg.req);
    pending.delete(msg.req);
    if (msg.repeat) pending.set(msg.req, done);  // an interval runs again
    if (done) done(msg);
    returned();
  }
});
invokes.on('end', () => realExit(0));

// The number node's own open(2) would give the lesson's first file: the lowest free
// descriptor here, less the bridge's three (fds 3, 4, 5 are not in a plain node). That is
// what `node lesson.js` prints when started with stdin, stdout and stderr only; a shell that
// leaves more descriptors open moves node's numbers up (tests/js_oracle_test.sh closes them).
const probe = realFs.openSync(LESSON, 'r');
realFs.closeSync(probe);
send({ t: 'hello', version: process.version, fd_base: probe - 3 });
