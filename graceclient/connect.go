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

// connectToServer is the lesson's socket() and connect(), once for each
// address the host has, in order, until one connects. With retry > 0, a
// refused connection (no server listening yet) is tried again for up to that
// long, so a script can start the client before the server is ready. It
// returns the connected socket, or the last connect error.
func connectToServer(addrs []netip.Addr, port int, retry time.Duration) (int, error) {
	deadline := time.Now().Add(retry)
	for {
		var err error
		for _, ip := range addrs {
			var socketFD int
			socketFD, err = connectOnce(ip, port)
			if err == nil {
				return socketFD, nil
			}
		}
		if !errors.Is(err, unix.ECONNREFUSED) || !time.Now().Add(retryInterval).Before(deadline) {
			return -1, err
		}
		time.Sleep(retryInterval)
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
