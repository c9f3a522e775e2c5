"""A WSGI app with SageMaker's two routes: GET /ping and POST /invocations."""
import json


def app(environ, start_response):
    path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
    if path == "/ping" and method == "GET":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b""]
    if path == "/invocations" and method == "POST":
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length).decode("utf-8")
        answer = json.dumps({"length": len(body), "echo": body}).encode("utf-8")
        start_response("200 OK", [("Content-Type", "application/json")])
        return [answer]
    start_response("404 Not Found", [("Content-Type", "application/json")])
    return [b"{}"]
