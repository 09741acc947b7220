# This file is part of the MyCar partner platform.
"""Serve the client cabinet.

    python -m portal -c trytond.conf -d DATABASE [--host H] [--port 8031]
"""
import argparse
import logging

from werkzeug.serving import run_simple

from . import create_app


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m portal')
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8031)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format='[portal] %(message)s')
    app = create_app({
            'TRYTON_DATABASE': args.database, 'TRYTON_CONFIG': args.config})
    run_simple(args.host, args.port, app, threaded=True)


if __name__ == '__main__':
    main()
