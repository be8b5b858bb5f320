#!/bin/sh
# Test certificates, made fresh for each test: a CA, a server certificate it signs for 127.0.0.1 and
# localhost, a client certificate it signs, and a second CA that signed none of them (the wrong CA).
#   make_certs.sh DIR
set -eu
cd "$1"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
for ca in ca other-ca; do
  key "$ca.key"
  openssl req -x509 -new -key "$ca.key" -out "$ca.pem" -days 2 -subj "/CN=GammaLog test $ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
done
sign() { # name subject extensions
  key "$1.key"
  openssl req -new -key "$1.key" -out "$1.csr" -subj "$2"
  printf '%s\n' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$1.pem" -days 2 \
    -extfile "$1.ext" 2>/dev/null
}
sign server "/CN=127.0.0.1" "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth
basicConstraints=CA:FALSE"
sign client "/CN=billing-system" "extendedKeyUsage=clientAuth
basicConstraints=CA:FALSE"
