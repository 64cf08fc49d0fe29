// Package proctest runs graceclient and graceserver in tests the way a person
// runs them: real processes, fed on standard input, read on standard output
// and standard error, sent real signals, over real sockets on loopback.
//
// It builds each program once per test process (with -race when the tests
// run with it), picks free ports, waits for a server to listen without fixed
// sleeps, and bounds every wait so that no test can hang.
package proctest
