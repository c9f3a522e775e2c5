"""WSGI app of the serving fixture. SERVE_DELAY_SECONDS delays start-up; SERVE_FAIL makes it die at import."""
import json, os, sys, time

print('app: loading model from /opt/ml/model', flush=True)
if os.environ.get('SERVE_FAIL'):
    print('app: model.pkl is missing from /opt/ml/model', file=sys.stderr, flush=True)
    sys.exit(4)
time.sleep(float(os.environ.get('SERVE_DELAY_SECONDS', '0')))
MODEL = sorted(os.listdir('/opt/ml/model')) if os.path.isdir('/opt/ml/model') else []


def application(environ, start_response):
    path, method = environ['PATH_INFO'], environ['REQUEST_METHOD']
    if path == '/ping' and method == 'GET':
        start_response('200 OK', [('Content-Type', 'text/plain'), ('Content-Length', '0')])
        return [b'']
    if path == '/invocations' and method == 'POST':
        body = environ['wsgi.input'].read(int(environ.get('CONTENT_LENGTH') or 0))
        answer = json.dumps({'contentType': environ.get('CONTENT_TYPE'), 'accept': environ.get('HTTP_ACCEPT'),
                             'upper': body.decode('utf-8', 'replace').upper(), 'model': MODEL}).encode()
        start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', str(len(answer)))])
        return [answer]
    start_response('404 Not Found', [('Content-Type', 'text/plain')])
    return [b'not found']
