// Imports each module specifier given as a JSON array and prints the sorted export names per specifier as JSON.
const specifiers = JSON.parse(process.argv[2]);

const exportNames = {};
for (const specifier of specifiers) {
  exportNames[specifier] = Object.keys(await import(specifier)).sort();
}

console.log(JSON.stringify(exportNames));
