package main

// statesTraced: on Linux -trace reads every state with TCP_INFO, and the
// tests check them.
const statesTraced = true
