"""An independent TOTP implementation (pyotp) as a test oracle.

Reads JSON lines {"secret", "algorithm", "digits", "period", "time"} on stdin and writes one
code per line. Used by crates/mfa-core/tests/pyotp_oracle.rs.
"""
import hashlib
import json
import sys

import pyotp

DIGESTS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}



class TOTP(pyotp.TOTP):
    # pyotp 2.10+ refuses keys under 112 bits; the 80-bit keys many sites issue must be compared too.
    min_secret_length_bits = 80


for line in sys.stdin:
    case = json.loads(line)
    totp = TOTP(case["secret"], digits=case["digits"], digest=DIGESTS[case["algorithm"]], interval=case["period"])
    print(totp.at(case["time"]), flush=True)
