// Command connections opens and closes N loopback TCP connections to port P,
// one after another, for record.sh: enough state changes to overflow a
// one-page trace buffer.
package main

import (
	"context"
	"fmt"
	"log"
	"net"
	"os"
	"strconv"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: connections PORT N")
	}
	port, err := strconv.Atoi(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil {
		log.Fatal(err)
	}
	// Plain TCP: Go may otherwise choose MPTCP, whose extra sockets are
	// not what the trace is about.
	var lc net.ListenConfig
	lc.SetMultipathTCP(false)
	l, err := lc.Listen(context.Background(), "tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	var d net.Dialer
	d.SetMultipathTCP(false)
	for range n {
		c, err := d.Dial("tcp", l.Addr().String())
		if err != nil {
			log.Fatal(err)
		}
		s, err := l.Accept()
		if err != nil {
			log.Fatal(err)
		}
		c.Close()
		s.Close()
	}
}
