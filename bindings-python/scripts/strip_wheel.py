#!/usr/bin/env python3
"""Strips the native library inside a wheel, after maturin generated the bindings.

maturin's own `--strip` runs before UniFFI reads its metadata from the library and
yields an empty package (TOOLCHAIN.md pitfall 4), so the wheel is stripped here and
its RECORD rewritten. Usage: strip_wheel.py WHEEL
"""
import base64
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile


def main() -> None:
    wheel = sys.argv[1]
    with zipfile.ZipFile(wheel) as zin:
        infos = zin.infolist()
        data = {i.filename: zin.read(i.filename) for i in infos}
    record = next(n for n in data if n.endswith(".dist-info/RECORD"))
    for name in data:
        if name.endswith(".so"):
            with tempfile.TemporaryDirectory() as tmp:
                src, dst = os.path.join(tmp, "in.so"), os.path.join(tmp, "out.so")
                with open(src, "wb") as f:
                    f.write(data[name])
                subprocess.run(["strip", "--strip-unneeded", src, "-o", dst], check=True)
                with open(dst, "rb") as f:
                    data[name] = f.read()
    lines = []
    for name, content in data.items():
        if name == record:
            lines.append(f"{name},,")
        else:
            digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode()
            lines.append(f"{name},sha256={digest},{len(content)}")
    data[record] = ("\n".join(lines) + "\n").encode()
    tmp_wheel = wheel + ".tmp"
    with zipfile.ZipFile(tmp_wheel, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in infos:
            zout.writestr(info, data[info.filename], compress_type=zipfile.ZIP_DEFLATED)
    os.replace(tmp_wheel, wheel)


if __name__ == "__main__":
    main()
