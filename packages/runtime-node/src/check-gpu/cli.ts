// Entry point of `npm run check:gpu`.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
