package lang

// chinese holds each message's Chinese, by its English text. The course's
// own terms: 描述字 (descriptor), 半关闭 (half-close), 套接字 (socket),
// 连接 (connection), 报文 (segment).
var chinese = map[string]string{}
