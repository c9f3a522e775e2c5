// Language server entry point (dist/server.js): the transport comes from the command line (--stdio, --node-ipc).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from './server';

createServer(createConnection(ProposedFeatures.all));
