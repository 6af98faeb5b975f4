// Escape: run another program: a shell, id, node itself.
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

const cp = require('child_process');
// Inherited stdio: the attempt is the exec alone (pipes are socketpairs and 'ignore' opens
// /dev/null, each refused on its own).
const sync = (file, args) => {
  const r = cp.spawnSync(file, args, { stdio: 'inherit' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw Object.assign(new Error('exit ' + r.status), { code: 'EXIT_' + r.status });
};
verdict({
  "execSync('id')": () => cp.execSync('id'),
  'spawnSync /bin/sh': () => sync('/bin/sh', ['-c', 'id']),
  'execFileSync node': () => sync(process.execPath, ['-e', '0']),
  'spawn /usr/bin/id': () => new Promise((ok, no) => cp.spawn('/usr/bin/id', { stdio: 'inherit' }).on('exit', ok).on('error', no)),
});
