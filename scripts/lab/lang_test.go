package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"graceclose/scripts/lang"
)

// inChinese sets up a job to speak Chinese, as a zh locale would (set
// directly, not through the environment, so that the tests run in
// parallel).
func inChinese(j *job) { j.lang = lang.Chinese }

// TestLessonInChinese runs close.sh in Chinese: the lab's own words (the
// steps, the hints, the legend, the verdict) are Chinese, and around them
// the programs' lines are the lesson's, byte for byte.
func TestLessonInChinese(t *testing.T) {
	t.Parallel()
	status, out, errs := runJobWith(t, inChinese, "close.sh")
	if status != exitOK {
		t.Fatalf("close.sh in Chinese: exit status %d; want 0\n%s%s", status, out, errs)
	}
	for _, line := range []string{
		"手动做：在仓库根目录下开两个终端：",
		"  然后输入 data1、data2 和 close（在客户端的终端里）",
		"（> 输入的内容，! stderr，* 系统调用，[ ] 脚本看到的；tcp：这一端在内核中的 TCP 状态）",
		"结论：close: 客户端收到了 2 条应答中的 0 条；服务器端被 SIGPIPE 杀死（状态 141）",
		"  与课程的结局一致",
	} {
		if !hasLine(out, line) {
			t.Errorf("close.sh in Chinese: no line %q in\n%s", line, out)
		}
	}
	if !regexp.MustCompile(`(?m)^ +时间  客户端 +(线路 +)?服务器端$`).MatchString(out) {
		t.Errorf("close.sh in Chinese: no Chinese header over the timeline in\n%s", out)
	}
	if !strings.Contains(out, "[被 SIGPIPE 杀死（状态 141）]") {
		t.Errorf("close.sh in Chinese: the server's end not in Chinese in\n%s", out)
	}
	// The programs' lines, each a row of the timeline as the program
	// printed it (a row ends where its text does: "send bytes: 5 " is
	// shown as "send bytes: 5"), and the commands as they are typed.
	for _, line := range []string{"> data1", "now sending data1", "send bytes: 5", "received 5 bytes: data1", "> close",
		"send bytes: 9", "received 5 bytes: data2"} {
		if !regexp.MustCompile(`(?m)^ +[0-9]+\.[0-9]{3} +` + regexp.QuoteMeta(line) + `$`).MatchString(out) {
			t.Errorf("close.sh in Chinese: no row %q, as the lesson prints it, in\n%s", line, out)
		}
	}
	for _, english := range []string{"verdict:", "the lesson's outcome", "by hand", "seen by the lab", "killed by"} {
		if strings.Contains(out, english) {
			t.Errorf("close.sh in Chinese: %q left in English in\n%s", english, out)
		}
	}
}

// TestFlagsInChinese: a usage error is one line in Chinese, exit 2.
func TestFlagsInChinese(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--no-such-flag"}, "close.sh：未知的选项：--no-such-flag（见 close.sh -h）\n"},
		{[]string{"--port", "70000"}, "close.sh：--port：不是端口号：70000（见 close.sh -h）\n"},
		{[]string{"--sigpipe=loud"}, "close.sh：--sigpipe：应为 default、ignore 或 custom，而不是 \"loud\"（见 close.sh -h）\n"},
	} {
		status, out, errs := runJobWith(t, inChinese, "close.sh", c.args...)
		if status != exitUsage || out != "" || errs != c.want {
			t.Errorf("close.sh %s: got status %d, stdout %q, stderr %q; want 2, \"\", %q", strings.Join(c.args, " "), status, out, errs, c.want)
		}
	}
}

// TestUsageInChinese: every script has its -h in Chinese, which names
// every flag its header (the English -h) names and has its usage line, and
// -h in Chinese prints it.
func TestUsageInChinese(t *testing.T) {
	t.Parallel()
	flag := regexp.MustCompile(`--[a-z][a-z-]*`)
	for name := range scripts {
		zh, ok := usageZh[name]
		if !ok {
			t.Errorf("%s: no -h in Chinese (usage_zh.go)", name)
			continue
		}
		header := headerOf(t, name)
		for _, f := range flag.FindAllString(header, -1) {
			if !regexp.MustCompile(regexp.QuoteMeta(f) + `(?:[^a-z-]|$)`).MatchString(zh) {
				t.Errorf("%s: the Chinese -h does not name %s; the header does", name, f)
			}
		}
		usage := usageLine(header)
		if usage == "" || !strings.Contains(zh, "用法："+usage) {
			t.Errorf("%s: the Chinese -h has no \"用法：%s\"", name, usage)
		}
		if lang.Width(zh) < len([]rune(zh))+200 {
			t.Errorf("%s: the Chinese -h has little Chinese in it:\n%s", name, zh)
		}
		status, out, _ := runJobWith(t, inChinese, name, "-h")
		if status != exitOK || out != zh {
			t.Errorf("%s -h in Chinese: got status %d and\n%s\nwant 0 and\n%s", name, status, out, zh)
		}
	}
	for name := range usageZh {
		if _, ok := scripts[name]; !ok {
			t.Errorf("usage_zh.go has %s, which is no script", name)
		}
	}
}

// headerOf is a script's header comment, as -h prints it in English.
func headerOf(t *testing.T, name string) string {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("..", name))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, line := range strings.Split(string(text), "\n")[1:] {
		if !strings.HasPrefix(line, "#") {
			break
		}
		b.WriteString(strings.TrimPrefix(strings.TrimPrefix(line, "#"), " ") + "\n")
	}
	return b.String()
}

// usageLine is the first line of a header's "usage: " line, without it
// and without a remark in parentheses after the command.
func usageLine(header string) string {
	for _, line := range strings.Split(header, "\n") {
		if rest, ok := strings.CutPrefix(line, "usage: "); ok {
			rest, _, _ = strings.Cut(rest, "   (")
			return strings.TrimSpace(rest)
		}
	}
	return ""
}
