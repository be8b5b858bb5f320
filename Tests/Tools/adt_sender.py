#!/usr/bin/env python3
"""An independent ADT sender for the tests: builds ADT messages with hl7apy
and sends them over MLLP to the daemon's feed, one connection, in order.

  adt_sender.py --port P --script FILE.json [--count N] [--tls-ca PEM [--tls-cert PEM --tls-key PEM]]

FILE.json is a list of steps, each one of:
  {"event": "A04", "control_id": "M1", "patient": "MRN1", "in1": [{...IN1 fields by number...}],
   "dg1": [{...DG1 fields by number...}]}
  {"event": "A40", "control_id": "M2", "patient": "NEW1", "old": "OLD1"}
  {"type": "ORU^R01", "control_id": "M3", "patient": "MRN1"}     (another message type)
  {"raw": "text"}                                                 (sent framed as it is)
  {"garbage": "bytes"}                                            (sent unframed)
  {"big": 2097152}                                                (a framed message of that many bytes)
With --count N the first step is sent N times with control ids <id>-1 … <id>-N,
as fast as the listener answers; the last line then reports messages per second.
Each step prints one JSON line: the ACK's MSA-1, MSA-2 and text, or "closed".
"""
import argparse
import json
import socket
import ssl
import time

from hl7apy.core import Message

START, END = b"\x0b", b"\x1c\x0d"


def build(step):
    event = step.get("event", "A08")
    if "type" in step:
        code, trigger = step["type"].split("^")
        message = Message("ORU_R01", version="2.5.1") if code == "ORU" else Message("ADT_A01", version="2.5.1")
        message.msh.msh_9 = f"{code}^{trigger}"
        patient = message.add_segment("PID") if code == "ORU" else message.pid
    elif event == "A40":
        message = Message("ADT_A39", version="2.5.1")
        message.msh.msh_9 = "ADT^A40^ADT_A39"
        group = message.add_group("ADT_A39_PATIENT")
        patient = group.pid
        group.mrg.mrg_1 = f"{step['old']}^^^HOSP^MR"
    else:
        message = Message("ADT_A01", version="2.5.1")
        message.msh.msh_9 = f"ADT^{event}^ADT_A01"
        message.evn.evn_2 = "20261118080000"
        message.pv1.pv1_2 = "O"
        patient = message.pid
    message.msh.msh_3 = "ADT"
    message.msh.msh_4 = "HOSP"
    message.msh.msh_5 = "GAMMALOG"
    message.msh.msh_6 = "HOSP"
    message.msh.msh_7 = "20261118080000"
    message.msh.msh_10 = step["control_id"]
    message.msh.msh_11 = "P"
    if step.get("patient"):
        patient.pid_3 = f"{step['patient']}^^^HOSP^MR"
        patient.pid_5 = "DOE^JANE"
    for fields in step.get("dg1", []):
        dg1 = message.add_segment("DG1")
        for number, value in fields.items():
            setattr(dg1, f"dg1_{number}", value)
    for fields in step.get("in1", []):
        in1 = message.add_group("ADT_A01_INSURANCE").in1
        for number, value in fields.items():
            setattr(in1, f"in1_{number}", value)
    return message.to_er7() + "\r"


def payload(step):
    if "raw" in step:
        return START + step["raw"].encode() + END
    if "garbage" in step:
        return step["garbage"].encode()
    if "big" in step:
        return START + b"MSH|^~\\&|" + b"X" * step["big"] + END
    return START + build(step).encode() + END


def reply(sock, buffer):
    while END not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            return None, buffer
        buffer += chunk
    end = buffer.index(END)
    frame, rest = buffer[:end], buffer[end + 2:]
    text = frame[frame.index(START) + 1:].decode()
    msa = next((s for s in text.split("\r") if s.startswith("MSA|")), "MSA")
    err = next((s for s in text.split("\r") if s.startswith("ERR|")), "")
    fields = msa.split("|") + ["", "", ""]
    err_fields = err.split("|") + [""] * 9
    return {"code": fields[1], "control_id": fields[2], "text": fields[3] or err_fields[8]}, rest


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--script", required=True)
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--tls-ca")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    args = parser.parse_args()
    steps = json.load(open(args.script))
    sock = socket.create_connection(("127.0.0.1", args.port), timeout=10)
    if args.tls_ca:
        context = ssl.create_default_context(cafile=args.tls_ca)
        if args.tls_cert:
            context.load_cert_chain(args.tls_cert, args.tls_key)
        try:
            sock = context.wrap_socket(sock, server_hostname="127.0.0.1")
            # TLS 1.3 reports a refused client certificate only on the first read.
        except (ssl.SSLError, OSError) as error:
            print(json.dumps({"closed": True, "error": str(error)}), flush=True)
            return
    buffer = b""
    if args.count:
        # hl7apy builds the message once; each send differs only in MSH-10, so the figure is the listener's.
        first = steps[0]
        template = payload(dict(first, control_id="@@ID@@"))
        started = time.monotonic()
        for index in range(args.count):
            sock.sendall(template.replace(b"@@ID@@", f"{first['control_id']}-{index + 1}".encode()))
            answer, buffer = reply(sock, buffer)
            if answer is None or answer["code"] != "AA":
                print(json.dumps({"failed_at": index + 1, "answer": answer}), flush=True)
                return
        elapsed = time.monotonic() - started
        print(json.dumps({"sent": args.count, "seconds": elapsed, "per_second": args.count / elapsed}), flush=True)
        return
    for step in steps:
        try:
            sock.sendall(payload(step))
            answer, buffer = reply(sock, buffer)
        except (ConnectionError, socket.timeout, OSError) as error:
            print(json.dumps({"closed": True, "error": str(error)}), flush=True)
            return
        print(json.dumps(answer if answer is not None else {"closed": True}), flush=True)
        if answer is None:
            return


if __name__ == "__main__":
    main()
