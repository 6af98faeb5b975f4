// Escape: read files through the module loader instead of fs.
// Prints one line: BLOCKED <codes> when every attempt is refused, ESCAPED <attempts> when one
// works, NOT-BLOCKED <codes> when they fail for another reason (tests/escape/README.md).
// Arguments, all optional: CANARY_DIR TCP_PORT UDP_PORT UNIX_SOCKET.
const [canary = '/tmp/loopstep-canary', tcpPort = '9', udpPort = '9', unixSocket = '/tmp/loopstep-escape.sock'] = process.argv.slice(2);
const DENIED = ['EACCES', 'EPERM', 'EBADF', 'ERR_ACCESS_DENIED', 'ERR_DLOPEN_DISABLED'];
function verdict(attempts) {
  const names = Object.keys(attempts);
  const outcomes = names.map((n) => Promise.resolve().then(attempts[n]).then(() => null, (e) => e));
  Promise.all(outcomes).then((errors) => {
    const escaped = names.filter((n, i) => errors[i] === null);
    const codes = errors.filter((e) => e !== null).map((e) => (e && e.code) || String(e));
    if (escaped.length > 0) console.log('ESCAPED ' + escaped.join(', '));
    else console.log((codes.every((c) => DENIED.includes(c)) ? 'BLOCKED ' : 'NOT-BLOCKED ') + codes.join(' '));
  });
}

const Module = require('module');
// A file that is read but is not JavaScript or JSON fails to parse: it was read all the same
// (the JSON error even quotes it).
const read = (load) => () => {
  try {
    load();
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
  }
};
verdict({
  'require the canary': read(() => require(canary + '/secret.txt')),
  'createRequire /etc/passwd': read(() => Module.createRequire('/etc/')('/etc/passwd')),
  'the .json loader': read(() => Module._extensions['.json']({ exports: {} }, '/etc/passwd')),
});
