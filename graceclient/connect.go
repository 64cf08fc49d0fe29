package main

import (
	"errors"
	"net/netip"
	"time"

	"golang.org/x/sys/unix"

	"graceclose/common"
)

// retryInterval is the pause between two connection attempts under -retry.
const retryInterval = 50 * time.Millisecond

// connectAgain is called when the lesson's connect() on failedFD has failed
// with err, as the C program would have stopped. It closes that socket and
// tries the host name's other addresses, each on a new socket (a socket whose
// connect failed cannot portably be used again); with -retry, a refused
// connection (no server listening yet) is tried again, every address, for up
// to that long, so a script can start the client before the server is ready.
// It returns the connected socket, or the last connect error.
func connectAgain(failedFD int, err error, opts options) (int, error) {
	deadline := time.Now().Add(opts.retry)
	_ = common.Close(failedFD)
	addrs := opts.addrs[1:]
	for {
		for _, ip := range addrs {
			var socketFD int
			socketFD, err = connectOnce(ip, opts.port)
			if err == nil {
				return socketFD, nil
			}
		}
		if !errors.Is(err, unix.ECONNREFUSED) || !time.Now().Add(retryInterval).Before(deadline) {
			return -1, err
		}
		common.Trace.Note("connect refused (ECONNREFUSED): no server listens on port %d yet; trying again in %v (-retry)", opts.port, retryInterval)
		common.Sleep(retryInterval)
		addrs = opts.addrs
	}
}

// connectOnce creates a TCP socket and connects it to ip:port.
func connectOnce(ip netip.Addr, port int) (int, error) {
	socketFD, err := common.Socket(common.Family(ip))
	if err != nil {
		return -1, err
	}
	serverAddr, err := common.Sockaddr(ip, port)
	if err == nil {
		err = common.Connect(socketFD, serverAddr)
	}
	if err != nil {
		_ = common.Close(socketFD)
		return -1, err
	}
	return socketFD, nil
}
