package netlab_test

import (
	"fmt"
	"log"
	"strings"

	"graceclose/scripts/netlab"
)

// The lost-fin experiment's network: the server on its host, the client on
// its own, and the client's first FIN lost on the way. The programs are
// started with the command lines it prints (exec.Command(argv[0],
// argv[1:]...)), then "shutdown" is typed into the client.
func Example() {
	if ok, why := netlab.Available(); !ok {
		fmt.Println("no two hosts:", why)
		return
	}
	n, err := netlab.New()
	if err != nil {
		log.Fatal(err)
	}
	defer n.Close()
	fin, err := n.DropFirstFIN(n.Client)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.Join(n.Server.Command("build/graceserver", "-addr", n.Server.Addr.String()), " "))
	fmt.Println(strings.Join(n.Client.Command("build/graceclient", n.Server.Addr.String()), " "))
	fmt.Println(fin)
	fmt.Print(fin.Rules())
	// ... once the client has shut down: 1, its retransmission passed.
	dropped, err := fin.Dropped()
	fmt.Println(dropped, err)
}
