// Escape: a descriptor of loopstep left open across exec (the test leaves the canary open as fd 100).
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

const fs = require('fs');
verdict({
  'write fd 100': () => fs.writeSync(100, 'x'),
  'read fd 100': () => fs.readSync(100, Buffer.alloc(4)),
});
