"""DKIM keys and signatures for end-to-end tests, with Debian's python3-dkim
(dkimpy) and openssl: a real RSA key made at test time, its public half as
a DNS TXT record, and messages signed as a sending MTA would."""

import base64
import os
import subprocess

import dkim


class DkimKey:
    def __init__(self, directory, domain, selector, bits=2048):
        self.domain = domain
        self.selector = selector
        self.path = os.path.join(directory, "%s.%s.key" % (selector, domain))
        subprocess.run(["openssl", "genrsa", "-out", self.path, str(bits)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        der = subprocess.run(["openssl", "rsa", "-in", self.path, "-pubout", "-outform", "DER"], check=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        self.public_b64 = base64.b64encode(der).decode()
        with open(self.path, "rb") as f:
            self.private_pem = f.read()

    def txt_record(self):
        """The key as a zone line, split into 255-byte strings."""
        value = "v=DKIM1; k=rsa; p=" + self.public_b64
        parts = [value[i:i + 250] for i in range(0, len(value), 250)]
        return "%s._domainkey.%s. 60 IN TXT %s" % (self.selector, self.domain,
                                                  " ".join('"%s"' % p for p in parts))

    def sign(self, message, headers=(b"from", b"to", b"subject", b"date", b"message-id")):
        """Returns message with a DKIM-Signature header prepended (CRLF)."""
        if isinstance(message, str):
            message = message.encode()
        message = message.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        sig = dkim.sign(message, self.selector.encode(), self.domain.encode(), self.private_pem,
                        canonicalize=(b"relaxed", b"relaxed"), include_headers=list(headers))
        return sig + message
