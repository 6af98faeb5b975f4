// Escape: change the canary's times, mode and owner, which Landlock does not govern.
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
const secret = canary + '/secret.txt';
verdict({
  utimesSync: () => fs.utimesSync(secret, 0, 0),
  lutimesSync: () => fs.lutimesSync(secret, 0, 0),
  chmodSync: () => fs.chmodSync(secret, 0o777),
  chownSync: () => fs.chownSync(secret, process.getuid(), process.getgid()),
});
