"""Count the words of each speaker in an interview source file (Exx.txt)."""

import re
import sys
from pathlib import Path

for name in sys.argv[1:]:
    path = Path(name)
    if not path.exists():
        path = Path(__file__).parent / name
    counts = {"I": 0, "P": 0}
    for para in path.read_text(encoding="utf-8").split("\n\n"):
        para = para.strip()
        m = re.match(r"^([IP])\*?: ", para)
        if not m:
            if para:
                print(f"{path.name}: paragraph without I:/P: prefix: {para[:60]!r}")
            continue
        counts[m.group(1)] += len(re.findall(r"\w+(?:['’]\w+)*", para[m.end() :]))
    total = counts["I"] + counts["P"]
    print(
        f"{path.name}: professional {counts['P']} words, interviewer {counts['I']}, total {total}"
    )
