import { formatJson, validateJson } from 'wasmod/json';
import { start } from './app.js';

start(formatJson, validateJson);
