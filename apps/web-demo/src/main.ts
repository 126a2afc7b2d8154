// Entry of the MultiMax attention explorer page.
import './styles.css';

import { start } from './app/start';

void start();
