package main

// usageZh is each script's -h in Chinese: a faithful translation of its
// header comment (the English, printed by usage, is the script's own).
// A test checks that every script has one, naming every flag its header
// names; whoever changes a header changes its translation here too.
var usageZh = map[string]string{
	"close.sh": `close.sh：用一条命令做课程的第一个实验。客户端发出 data1 和 data2，然后在服务器端
应答之前用 close(2) 关闭它的套接字：第一条应答遇到 RST，第二条让服务器端被
SIGPIPE 杀死，客户端一条应答也收不到。

实验过程的文字记录：scenarios/close.txt。

用法：scripts/close.sh [--fast] [--port N] [--keep] [--sigpipe MODE] [--html FILE]

  --fast          服务器端 1s 后就应答，而不是课程里的 5s
  --port N        使用端口 N（默认：一个空闲端口，多次运行互不冲突）
  --keep          保留日志，并打印它们所在的目录
  --sigpipe MODE  以 -sigpipe MODE（default、ignore、custom）运行服务器端；
                  结论仍然与课程的结局比较，所以 ignore 和 custom 会让脚本
                  以 1 退出：这可以检验结论确实是根据实际发生的情况得出的
  --html FILE     另外把这次运行写成一个网页：它的时序图（以 root 运行时根据抓包画出）、时间线和结论，用浏览器打开
  -h, --help      显示本说明

它先编译程序（go build -o build/ ./graceclient ./graceserver），打印手动做同一个实验
要输入的两条命令，再打印双方的时间线（带上两端的 TCP 状态），最后是一行结论。在
Linux 上以 root 运行时，这些状态来自内核自己的事件（tracefs），每个 RST 都附有原因。

退出状态：0 与课程的结局一致（2 条应答一条也没收到，服务器端被 SIGPIPE 杀死）；1 发生
了别的情况（结论会说明）；2 用法错误；3 实验无法运行（编译失败、没有端口）；130 被中断。
`,

	"shutdown.sh": `shutdown.sh：用一条命令做课程的第二个实验。客户端发出 data1 和 data2，然后在服务器端
应答之前用 shutdown(fd, SHUT_WR) 关闭连接的写方向：它的 FIN 表示“不会再有数据了”，
两条应答却仍然能到达；服务器端读到 EOF 后退出（发出它的 FIN），客户端随后也读到 EOF。

实验过程的文字记录：scenarios/shutdown.txt。

用法：scripts/shutdown.sh [--fast] [--port N] [--keep] [--html FILE]

  --fast      服务器端 1s 后就应答，而不是课程里的 5s
  --port N    使用端口 N（默认：一个空闲端口，多次运行互不冲突）
  --keep      保留日志，并打印它们所在的目录
  --html FILE  另外把这次运行写成一个网页：它的时序图（以 root 运行时根据抓包画出）、时间线和结论，用浏览器打开
  -h, --help  显示本说明

它先编译程序（go build -o build/ ./graceclient ./graceserver），打印手动做同一个实验
要输入的两条命令，再打印双方的时间线（带上两端的 TCP 状态），最后是一行结论。

退出状态：0 与课程的结局一致（2 条应答全部收到，双方都已关闭）；1 发生了别的情况（结论
会说明）；2 用法错误；3 实验无法运行（编译失败、没有端口）；130 被中断。
`,

	"sigpipe.sh": `sigpipe.sh：把 close 实验做三遍，服务器端每次以一种方式面对 SIGPIPE
（graceserver -sigpipe），最后用一张表列出它是怎么结束的：

  default  SIG_DFL，课程的源码：被这个信号杀死（状态 141）
  ignore   SIG_IGN，课程的正文："send bytes: -1 "、"error write:
           Broken pipe (32)"，以 1 退出
  custom   课程里的信号处理函数："received 2 datagrams"，以 0 退出

实验过程的文字记录：scenarios/close.txt、close-ignore.txt 和 close-custom.txt。

用法：scripts/sigpipe.sh [--fast] [--port N] [--keep] [--html FILE]

  --fast      服务器端 1s 后就应答，而不是课程里的 5s
  --port N    每次运行都使用端口 N（默认：每次一个空闲端口）
  --keep      保留日志，并打印它们所在的目录
  --html FILE  另外把这次运行写成一个网页：它的时序图（以 root 运行时根据抓包画出）、时间线和结论，用浏览器打开
  -h, --help  显示本说明

对每种模式，它打印手动去做要输入的命令、双方的时间线（带上两端的 TCP 状态）和一行
结论。

退出状态：0 每种模式的结局都如上所述；1 有一种不是（它的结论会说明怎么回事）；2 用法
错误；3 实验无法运行（编译失败、没有端口）；130 被中断。
`,

	"sigint.sh": `sigint.sh：对服务器端按 Ctrl-C。客户端发出 data1 和 data2；服务器端处理 data2 时（在它的
第一条应答之后）收到 SIGINT，就像按下 Ctrl-C 那样：课程里的 sig_int 打印
"\nreceived 2 datagrams\n" 并以 0 退出；客户端读到服务器端的 FIN，打印
"server terminated" 并以 1 退出。

实验过程的文字记录：scenarios/sigint.txt。

用法：scripts/sigint.sh [--fast] [--port N] [--keep] [--html FILE]

  --fast      服务器端 1s 后就应答，而不是课程里的 5s
  --port N    使用端口 N（默认：一个空闲端口，多次运行互不冲突；服务器端先结束，
              所以它那一端的连接会停在 TIME_WAIT，之后一分钟内同一个端口都被占着）
  --keep      保留日志，并打印它们所在的目录
  --html FILE  另外把这次运行写成一个网页：它的时序图（以 root 运行时根据抓包画出）、时间线和结论，用浏览器打开
  -h, --help  显示本说明

它先编译程序（go build -o build/ ./graceclient ./graceserver），打印手动做同一个实验
要输入的两条命令，再打印双方的时间线（带上两端的 TCP 状态），最后是一行结论。

退出状态：0 与课程的结局一致；1 发生了别的情况（结论会说明）；2 用法错误；3 实验无法
运行（编译失败、没有端口）；130 被中断。
`,

	"demo.sh": `demo.sh：用一条命令依次做课程的两个实验：客户端发出 data1 和 data2，然后在服务器端
（它延迟 5 s 才应答）应答之前关闭连接，第一次用 close(2)，第二次用
shutdown(fd, SHUT_WR)。用 close 时，应答遇到 RST，服务器端死于 SIGPIPE；用 shutdown
时，两条应答都能到达，双方都正常结束。按课程的节奏约 20 s；加 --fast：几秒钟。

实验过程的文字记录：scenarios/close.txt、scenarios/shutdown.txt。

用法：scripts/demo.sh [--fast] [--port N] [--keep] [--wire] [--html FILE]

  --fast      服务器端 1s 后就应答，而不是课程里的 5s
  --port N    两个实验都使用端口 N（默认：每次一个空闲端口）
  --keep      保留日志，并打印它们所在的目录
  --wire      然后根据抓包画出两个实验的时序图（scripts/wire.sh close
              shutdown）：需要 tcpdump，在大多数系统上还需要 root；无法抓包时
              它会说明原因，演示的结论照样单独给出
  --html FILE  另外把这次运行写成一个网页：它的时序图（以 root 运行时根据抓包画出）、时间线和结论，用浏览器打开
  -h, --help  显示本说明

它先编译程序（go build -o build/ ./graceclient ./graceserver），然后对每个实验打印
手动去做要输入的两条命令、双方的时间线（输入了什么、双方各打印了什么、两端的 TCP
状态）和一行结论。scripts/close.sh 和 scripts/shutdown.sh 各做其中一个实验；
sigpipe.sh 和 sigint.sh 展示其余的情况。

退出状态：0 两个实验的结局都与课程一致（加 --wire 时，时序图也与课程一致，或者这里无法
抓包）；1 有一个不一致，或者有一张时序图不同（它的结论会说明怎么回事）；2 用法错误；3
实验（或抓包）无法运行（编译失败、没有端口、tcpdump 失败）；130 被中断。
`,

	"wire.sh": `wire.sh：课程里的两张时序图，根据你自己的机器发出的报文画出。它运行一个实验，用
tcpdump 在回环接口上只抓取该实验端口的报文，然后画出这个连接：客户端的生命线在左，
服务器端的在右，按时间顺序每个报文一个箭头（SYN、ACK、PSH 5 "data1"、FIN、RST），
每条生命线旁边在相应的时间标出输入了什么、程序打印了什么、它的系统调用，以及内核对
它那一端做了什么（tcp: ...）。每张图下面有一行说明它的箭头是否与课程的一致。

实验过程的文字记录：scenarios/close.txt、scenarios/shutdown.txt。

用法：scripts/wire.sh [close] [shutdown] [--fast] [--port N] [--keep] [--html FILE]

  close       close 实验：客户端的 FIN，被 RST 回应的 "Hi, data1"，之后再没有
              报文（服务器端死于 SIGPIPE）
  shutdown    shutdown 实验：客户端的 FIN，两条应答，服务器端的 FIN，最后的 ACK
              （两个都不写：都做，先做 close）
  --fast      服务器端 1s 后就应答，而不是课程里的 5s
  --port N    使用端口 N（默认：一个空闲端口，多次运行互不冲突）
  --keep      保留抓包文件（.pcap，可用 Wireshark 打开）和日志，并打印它们所在的
              目录
  --html FILE  另外把这次运行写成一个网页：它的时序图（以 root 运行时根据抓包画出）、时间线和结论，用浏览器打开
  -h, --help  显示本说明

抓包需要 tcpdump，在大多数系统上还需要 root：sudo scripts/wire.sh。没有 tcpdump 时，
如果是在 Debian 或 Ubuntu 上以 root 运行，它会安装这个软件包；否则它会说明怎么安装，
并以 0 退出。在 macOS 上它在 lo0 上抓包，tcpdump 是系统自带的。

退出状态：0 时序图已画出并与课程一致，或者这里无法抓包（它会说明原因）；1 有一张时序图
与课程的不同（图下面那一行会说明）；2 用法错误；3 实验无法运行（编译失败、没有端口、
tcpdump 失败）；130 被中断。
`,

	"claims.sh": `claims.sh：课程和它旁边的那些文字对结束 TCP 连接所做的每一个说法，都在这台机器上检验。
课程、一篇通过抓取 Python 的 http.client 的报文来比较 close 和 shutdown 的博客文章、
一次用 netstat 观察的 Python 版实验重做、关于 Windows 的 closesocket 和 shutdown 的
笔记，以及课程的读者，都说到了 close()、shutdown()、SO_LINGER、exit() 和已满的监听
队列会做什么；其中有些只在说的人看到的地方才成立。每个说法都由一个用这两个程序
（graceclient 和它的 /命令，graceserver 和它的 -on-eof、-backlog、-accept-after）
做的实验，根据实际发生的情况来判定；最后一张表逐条列出这台机器做了什么，以及这个
说法在这里是否成立。

实验过程的文字记录：scenarios/close.txt、shutdown.txt、close-idle.txt、
close-unread.txt、abort.txt、exit.txt、dupclose.txt、dup-shutdown.txt、shut-rd.txt、
shut-rdwr.txt、half-close.txt、close-wait.txt、accept-queue.txt、close-nosignal.txt、
abort-after-fins.txt、lost-fin.txt、lost-rst.txt、linger-cut.txt。这些说法以及判定
每个说法的依据：lab/../claims/claims.go。

用法：scripts/claims.sh [EXPERIMENT...] [--fast] [--port N] [--keep] [--markdown] [--html FILE]

  EXPERIMENT   只运行这些实验（默认：全部，按这个顺序）：
               lesson-close lesson-shutdown close-idle close-unread abort
               exit dupclose dup-shutdown shut-rd shut-rdwr half-close
               close-wait accept-queue close-nosignal abort-after-fins
               lost-fin lost-rst linger-cut
               （abort-after-fins 需要 root，才能看到内核发出的 RST；lost-fin、
               lost-rst 和 linger-cut 需要 link.sh 那样的两台主机，也要 root：
               在别处它们会被跳过）
  --fast       缩短延迟和观察窗口：总共约 30 s，而不是约两分半钟（这时 close-wait
               不等客户端那个已成孤儿的 FIN_WAIT2 超时）
  --port N     每个实验都使用端口 N（默认：每次一个空闲端口）
  --keep       保留日志和抓包文件，并打印它们所在的目录
  --markdown   以 Markdown 输出这张表（docs/closing.md 里就是这样）
  --html FILE  另外把这些运行写成一个网页，附上它们的时序图
  -h, --help   显示本说明

对每个实验，它打印在两个终端里手动去做要输入的命令，以及一条时间线：输入了什么、
双方各打印了什么、它们的系统调用及返回值、两端的 TCP 状态，以 root 运行时还有内核
做了什么（tracefs）和报文（tcpdump）。不用抓包，对端的 read 返回什么就足以区分大多数
说法：数据、EOF（一个 FIN）、ECONNRESET（一个 RST），或者在观察窗口内什么也没有。

每个说法在 Linux 上的结论（写下时的测量结果）都记录在案，结局确定的那些也记录了 macOS
和各 BSD 的；其他地方的结论是“未记录”：照样显示，但从不算作失败。
GRACE_CLAIMS_RECORD="EXPERIMENT/CLAIM=VERDICT ..."（VERDICT：holds 或 does_not_hold）
替换记录的结论。docs/closing.md 解释每一次运行。

退出状态：0 每个结论都与为本系统记录的一致（或者没有记录）；1 有结论与记录的相矛盾（表里
会说明是哪一个）；2 用法错误；3 有实验无法运行（编译失败、没有端口、某一步没有按时
发生）；130 被中断。
`,

	"bench.sh": `bench.sh：graceclient 和 graceserver 有多快、占多少内存，在 127.0.0.1 上测量，服务器端
立即应答（-delay 0）；如果再给出另一对程序（比如课程的 C 程序），也同样测量它，两对
程序逐次交替运行，并给出每个数字的比值。每项测量都运行多次，显示中位数：

  throughput  20,000 行和 200,000 行，data1 .. dataN，然后是 shutdown，从文件输入给
              客户端：计时从它启动（fork 和 exec，服务器端已在监听）到它退出。先让
              两个程序的标准输出都写文件，再写到脚本打开、并像终端一样随到随读的
              伪终端上（Linux）。每个字节都经过校验：应答会合并（服务器端每读一次
              应答一次），所以客户端的输出去掉 "now sending" 和 "send bytes" 行、
              换行符以及每一个 "Hi, " 之后，必须恰好是 data1data2...dataN；服务器端
              必须以 "client closed" 结束，然后客户端以 "server terminated" 结束，都
              以 1 退出，与课程的 shutdown 实验一致。如果 10 s 内两个程序都没有写出
              任何东西，就停止这次传输：双方都卡住了。
  2,000,000   行，每对程序一次（标准输出写文件）：必须跑完，每个字节都经过校验；
              打印所用时间。加 --fast 时不跑。
  memory      在 20,000 行、然后 500,000 行的吞吐量测试中，每个程序的常驻内存峰值
              （ru_maxrss，来自 wait4 返回的 rusage），以及它是否保持平稳（大的那次
              不超过小的那次的 1.2 倍）。在 Linux 上，每个程序都由 /bin/sh fork 出来，
              这样得到的是它自己的数字，而不是脚本在 exec 之前的内存页。
  idle        标准输入已到 EOF（</dev/null）、连着一个永远不发数据的监听端时，客户端
              的 CPU 时间（用户态 + 内核态，来自 rusage），在它连上 5 s 后停止它。
  startup     服务器端从启动到端口开始监听的时间：脚本启动它，然后每隔 0.1 ms 尝试
              连接一次；第一次成功的连接结束测量。服务器端接受这个连接，看到它关闭，
              以 "client closed" 结束，这说明监听的确实是我们的服务器端。

用法：scripts/bench.sh [--fast] [--runs N] [--lines N] [--idle SECONDS]
                       [--client PATH] [--server PATH] [--port-style STYLE]
                       [--compare-client PATH --compare-server PATH]
                       [--compare-port-style STYLE] [--port N] [--keep]

  --runs N        每对程序的每项测量运行几次（默认 3）
  --lines N       吞吐量只测 N 行（默认 20000 和 200000）；
                  内存测 N 行和 25 x N 行（默认 20000 和 500000）
  --idle SECONDS  空闲客户端的观察时长（默认 5）
  --fast          2000 行（内存：2000 和 50000），跑 1 次，空闲 1 s，不跑
                  2,000,000 行：一次快速检查（go test 跑的就是这个）
  --client PATH   要测量的客户端（默认：build/graceclient）
  --server PATH   要测量的服务器端（默认：build/graceserver）
  --port-style S  程序如何得到端口：flag（默认）：服务器端以
                  "SERVER -addr 127.0.0.1 -port N -delay 0" 运行，客户端以
                  "CLIENT -port N 127.0.0.1" 运行；env:NAME：端口在环境变量 NAME
                  里，服务器端不带参数，客户端只带地址（这时服务器端必须自己就
                  立即应答）。需要固定端口的一对程序只能配合 --port 测量。
  --compare-client PATH, --compare-server PATH
                  另一对程序，用同样的方法在同一批运行中测量，与第一对交替进行；
                  每个中位数旁都打印比值（第一对/第二对），项目定了目标的地方还打印
                  目标以及是否达到（在 20,000 行和 200,000 行时，写文件和写终端都
                  不超过第二对用时的 0.6 倍）。目标只是打印出来的事实：从不改变
                  退出状态。
  --compare-port-style S   第二对程序的端口方式（默认：flag）
  --port N        每个服务器端都使用端口 N（默认：每次一个空闲端口）
  --keep          保留每次运行的输出，并打印它所在的目录
  -h, --help      显示本说明

不给 --client 和 --server 时，它先编译程序（go build -o build/
./graceclient ./graceserver）。按 README 所说编译的课程 C 程序（端口来自 $PORT，设置了
$NODELAY 时不休眠）放在旁边时：
  NODELAY=1 scripts/bench.sh --compare-client c_graceclient \
      --compare-server c_graceserver --compare-port-style env:PORT
这里没有任何阈值：数字只是打印出来，只有校验决定结论。

退出状态：0 每个字节都回来了，每个程序都按预期结束；1 有校验失败（结论会说明是哪一个）；
2 用法错误；3 测量无法运行（编译失败、没有端口、缺少程序）；130 被中断。
`,

	"twopane.sh": `twopane.sh：把课程放进并排的两个终端，由脚本替你输入。它用 tmux 打开两个窗格：左边是
graceserver，右边是 graceclient，各自用你会输入的命令行启动，然后按人的速度把课程里
的内容输入给客户端：data1，等服务器端读到 data1 后输入 data2，再在服务器端的第一条
应答之前输入 close（或 shutdown）；两个程序都结束后，在每个窗格里输入 echo $?。你可以
看到双方像课程里那样作出反应：用 close 时服务器端死于 SIGPIPE（141），客户端收不到
应答；用 shutdown 时两条应答都能到达，双方都正常结束。

实验过程的文字记录：scenarios/close.txt（加 --sigpipe 时：
scenarios/close-ignore.txt、scenarios/close-custom.txt）和 scenarios/shutdown.txt。
每一行都要等它上面写的那些行出现在窗格里之后才输入。

用法：scripts/twopane.sh [close|shutdown] [--fast] [--sigpipe MODE] [--check] [--port N] [--keep]

  close           close 实验（默认）
  shutdown        shutdown 实验
  --fast          服务器端 1s 后就应答，而不是课程里的 5s，并且每行一次输完，
                  而不是逐键输入
  --sigpipe MODE  以 -sigpipe MODE（default、ignore、custom）运行服务器端；
                  --check 这时期望的是那种模式的结局
  --check         在后台运行 tmux，然后把两个窗格并排打印出来，与文字记录比较，
                  并给出结论（不在终端里运行时的默认做法）
  --port N        服务器端的端口（默认：一个空闲端口）
  --keep          与 --check 一起用时，保留日志（每个窗格的文字，以及与它比较的
                  文字记录），并打印它们所在的目录
  -h, --help      显示本说明

在终端里运行时，它新开一个 tmux 会话并连上去（在 tmux 里运行时，在你的会话里新开一个
窗口），课程输入完后就交给你：状态栏会告诉你怎么离开（Ctrl-b d 分离，tmux
kill-session -t NAME 结束会话）。--check 从不碰你的 tmux：它在一个私有套接字上运行
自己的 tmux 服务器，无论脚本怎样结束都会关掉它。它先编译程序（go build -o build/
./graceclient ./graceserver）。需要 tmux：没有安装时，它会说明怎么安装
（apt-get install tmux、brew install tmux），并以 0 退出。

退出状态：0 两个窗格都与文字记录一致（或者，在终端里运行时，会话已经建好；或者没有
tmux）；1 有窗格不一致（结论会说明：多了一条应答、端口被占用……）；2 用法错误；3 无法
运行（编译失败、tmux 失败）；130 被中断。
`,

	"link.sh": `link.sh：在一条真实的链路上、在报文丢失的时候，再问一遍课程的问题。回环接口从不丢包，
RST 也总能送达；两台主机之间，FIN 可能丢失，RST 可能永远到不了，网线可能被剪断，
一台机器可能消失。每个场景都建两台主机（用一对 veth 连起来的两个网络命名空间，
地址在 10.251.0.0/16 内，只在它们内部使用），在上面运行程序，按场景所说破坏链路
（在接收方主机上用 nftables 丢包；内核有 sch_netem 时，用 netem 加延迟和丢包），
然后按内核的时钟打印时间线（状态、带原因的 RST、重传），以及根据实际发生的情况
得出的结论。

实验过程的文字记录：scenarios/close.txt 和 shutdown.txt（lesson）、lost-fin.txt、
lost-rst.txt、cable-cut.txt、vanished-busy.txt 和 vanished-idle.txt、simultaneous.txt。

用法：scripts/link.sh [SCENARIO...] [--fast] [--port N] [--keep] [--html FILE]   （以 root 运行）

  lesson        在两台主机之间做课程的 close 和 shutdown 实验
  lost-fin      客户端的第一个 FIN 丢失：它会被重传
  lost-rst      客户端的 RST 丢失：服务器端的第二次发送成功
  cable-cut     客户端 close 之后，链路立刻被切断
  vanished      客户端的主机消失，分别在服务器端忙着和空闲的时候
  simultaneous  两端同时关闭：两个 FIN 交叉而过（CLOSING）
                （都不写：全部，按这个顺序；写文件名，比如 vanished-idle，
                只运行那一个文件）
  --fast        服务器端 1s 后就应答，而不是课程里的 5s
  --port N      服务器端的端口（默认：一个空闲端口）
  --keep        保留日志和抓包文件（.pcap），并打印它们在哪里
  --html FILE   另外把这些运行写成一个网页，附上它们的时序图
  -h, --help    显示本说明

它需要 Linux、root、iproute2（ip、ss）和 nftables（nft）：缺少时它会说明缺什么、
怎么获得，并以 0 退出。它建的一切（命名空间、链路、nftables 的表）无论它怎样结束都会
被删除。

退出状态：0 每个场景都与它的文字记录一致（或者这里建不了两台主机）；1 有一个不一致（它
的结论会说明怎么回事）；2 用法错误；3 无法运行；130 被中断。
`,
}
