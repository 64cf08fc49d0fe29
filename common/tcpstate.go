package common

// TCPState returns the kernel's TCP state of the socket fd ("ESTABLISHED",
// "FIN_WAIT2", ...), read with TCP_INFO where the system offers it
// (tcpinfo_*.go), or an error saying why it cannot be read.
func TCPState(fd int) (string, error) { return tcpState(fd) }
