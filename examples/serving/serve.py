"""Container entry point: `serve` starts the WSGI app named by SAGEMAKER_SERVING_MODULE on port 8080."""
import importlib
import os
import sys
from wsgiref.simple_server import make_server


def load_app():
    module_name, _, attribute = os.environ["SAGEMAKER_SERVING_MODULE"].partition(":")
    return getattr(importlib.import_module(module_name), attribute or "application")


def main(argv):
    if len(argv) < 2 or argv[1] != "serve":
        print(f"usage: {argv[0]} serve", file=sys.stderr)
        return 2
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    port = int(os.environ.get("SAGEMAKER_BIND_TO_PORT", "8080"))
    with make_server("0.0.0.0", port, load_app()) as server:
        print(f"serving on port {port}", flush=True)
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
