// Loads each module specifier given as a JSON array with require() and prints the sorted export
// names per specifier as JSON. Our packages are ES modules, so this works through Node's
// require(esm), which Node 20.19+ and 22.12+ enable by default.
const specifiers = JSON.parse(process.argv[2]);

const exportNames = {};
for (const specifier of specifiers) {
  exportNames[specifier] = Object.keys(require(specifier)).sort();
}

console.log(JSON.stringify(exportNames));
