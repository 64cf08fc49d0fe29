package lang

import "testing"

// TestReword: a message a package without a Printer formatted in English
// with one of the catalog's messages is said in Chinese, its values kept;
// anything else, and everything in English, is kept as it is.
func TestReword(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"capturing packets on lo needs root (or CAP_NET_RAW): run with sudo", "在 lo 上抓包需要 root（或 CAP_NET_RAW）：请用 sudo 运行"},
		{"two hosts need the nft command: sudo apt-get install nftables", "建两台主机需要 nft 命令：sudo apt-get install nftables"},
		{"reading the kernel's events needs root (tracefs): run it again with sudo", "读取内核的事件需要 root（tracefs）：请用 sudo 再运行一次"},
		{"this kernel (Linux 6.1.0) has no event tcp:tcp_send_reset, which the lab reads", "这个内核（Linux 6.1.0）没有脚本要读的事件 tcp:tcp_send_reset"},
		{"open /x: permission denied", "open /x: permission denied"},
		{"capturing packets on lo needs root", "capturing packets on lo needs root"},
	} {
		if got := Chinese.Reword(c.text); got != c.want {
			t.Errorf("Chinese.Reword(%q): got %q; want %q", c.text, got, c.want)
		}
		if got := English.Reword(c.text); got != c.text {
			t.Errorf("English.Reword(%q): got %q; want it as it is", c.text, got)
		}
	}
}

// TestLists: a list and a choice in each language.
func TestLists(t *testing.T) {
	words := []string{"data1", "data2", "close"}
	for _, c := range []struct{ got, want string }{
		{English.And(words), "data1, data2 and close"},
		{Chinese.And(words), "data1、data2 和 close"},
		{English.Or(words), "data1, data2 or close"},
		{Chinese.Or(words), "data1、data2 或 close"},
		{English.And(words[:1]), "data1"},
		{Chinese.Or(nil), ""},
	} {
		if c.got != c.want {
			t.Errorf("got %q; want %q", c.got, c.want)
		}
	}
}
