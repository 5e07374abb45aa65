#!/usr/bin/env python3
# make-corpus.py: the seed corpus of fuzz-reply, made from the Console fixtures.
#
# Copyright 2026 The Baitbox authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: make-corpus.py FIXTURES_DIR OUT_DIR
# Each fixture becomes "\x00\x00" + its bytes (HTTP 200, no Retry-After: see the
# input layout in fuzz-reply.c); a few hand-made replies cover the other statuses.

import os
import shutil
import sys

STATUS = {200: 0, 400: 1, 401: 2, 403: 3, 404: 4, 429: 5, 500: 6, 503: 7}


def seed(status, body, retry_after=None):
    header = b'\x00' if retry_after is None else bytes([len(retry_after) + 1]) + retry_after
    return bytes([STATUS[status]]) + header + body


EXTRA = {
    '429-delta': seed(429, b'', b'120'),
    '429-date': seed(429, b'{"result":"error"}', b'Wed, 21 Oct 2015 07:28:00 GMT'),
    '429-huge': seed(429, b'', b'99999999999999999999999'),
    '401-token': seed(401, b'{"result":"error","message":"Invalid auth_token"}'),
    '400-console': seed(400, b'{"result":"error","message":"Flock not found"}'),
    '404-html': seed(404, b'<html>Not Found</html>'),
    '500-success': seed(500, b'{"result":"success"}'),
    '503-empty': seed(503, b''),
    '200-error-unauthorized': seed(200, b'{"result":"error","message":"Unauthorized"}'),
}


def main():
    fixtures, out = sys.argv[1], sys.argv[2]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)

    for endpoint in sorted(os.listdir(fixtures)):
        folder = os.path.join(fixtures, endpoint)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), 'rb') as f:
                body = f.read()
            with open(os.path.join(out, endpoint + '-' + name), 'wb') as f:
                f.write(seed(200, body))

    for name, data in EXTRA.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
