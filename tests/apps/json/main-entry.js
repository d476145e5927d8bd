import { formatJson, validateJson } from 'wasmod';
import { start } from './app.js';

start(formatJson, validateJson);
