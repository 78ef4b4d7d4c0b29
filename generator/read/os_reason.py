"""The system's reasons for refusing a file operation, in Chinese (its own text is English)."""

from __future__ import annotations

import errno

_OS_REASONS = {
    errno.ENOTDIR: "路径中有一段是文件，不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "磁盘是只读的",
    errno.ENOSPC: "磁盘已满",
    errno.ENOENT: "路径不存在",
    errno.ENAMETOOLONG: "路径太长",
    errno.EEXIST: "已经存在",
    errno.ELOOP: "符号链接绕成了圈",
    errno.EADDRINUSE: "这个地址（端口）已被其他程序占用",
    errno.EADDRNOTAVAIL: "本机没有这个地址",
    errno.EMFILE: "打开的文件太多",
    errno.EBUSY: "正被其他程序占用",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused, in Chinese where we know the words."""
    return _OS_REASONS.get(exc.errno or 0, f"系统拒绝了操作（错误号 {exc.errno}）" if exc.errno else "系统拒绝了操作")
