// Package ptytest gives tests a terminal of their own, as a learner's: a
// pseudo-terminal the test holds, to run a program on (Linux).
package ptytest
