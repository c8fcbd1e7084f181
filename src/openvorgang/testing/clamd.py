"""A real clamd (Debian's ClamAV daemon) for the tests, started in a temporary directory with
one local signature: the EICAR test file, by its MD5 hash (no signature download)."""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CLAMD = "/usr/sbin/clamd"
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Eicar-Test-Signature"
FINDING = f"{SIGNATURE}.UNOFFICIAL"  # clamd's name for a signature from a local database


@dataclass
class Clamd:
    address: str
    process: subprocess.Popen[bytes]
    directory: tempfile.TemporaryDirectory[str]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.directory.cleanup()


def start() -> Clamd:
    directory = tempfile.TemporaryDirectory(prefix="ov-clamd-")
    root = Path(directory.name)
    # ClamAV's hash signature format: MD5:size:name
    digest = hashlib.md5(EICAR).hexdigest()  # noqa: S324 # nosec B324
    (root / "test.hdb").write_text(f"{digest}:{len(EICAR)}:{SIGNATURE}\n")
    socket_path = root / "clamd.sock"
    (root / "clamd.conf").write_text(
        f"LocalSocket {socket_path}\nForeground yes\nDatabaseDirectory {root}\n"
        f"TemporaryDirectory {root}\nStreamMaxLength 64M\n"
    )
    process = subprocess.Popen(  # noqa: S603 # nosec B603 - fixed command, test only
        [CLAMD, "-c", str(root / "clamd.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        if socket_path.exists():
            return Clamd(address=f"unix://{socket_path}", process=process, directory=directory)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    directory.cleanup()
    raise RuntimeError("clamd did not start (apt-get install clamav-daemon)")
