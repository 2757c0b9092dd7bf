import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The names a module exports, split into runtime values and type-only names. */
export interface Surface {
  values: string[];
  types: string[];
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Reads what each source entry exports, as the compiler sees it: a name with a runtime value
 * (function, const, class) is a value, anything else (interface, type alias) a type.
 */
export function readSurfaces(entries: Readonly<Record<string, string>>): Record<string, Surface> {
  const configPath = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json')!;
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
  const files = Object.values(entries).map((file) => `${root}${file}`);
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const surfaces: Record<string, Surface> = {};
  for (const [entry, file] of Object.entries(entries)) {
    const source = program.getSourceFile(`${root}${file}`);
    if (!source) throw new Error(`${file} is not part of the program`);
    const moduleSymbol = checker.getSymbolAtLocation(source)!;
    const surface: Surface = { values: [], types: [] };
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const isTypeOnlyExport = exported.declarations?.some((d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly));
      if (target.flags & ts.SymbolFlags.Value && !isTypeOnlyExport) surface.values.push(exported.name);
      else surface.types.push(exported.name);
    }
    surface.values.sort();
    surface.types.sort();
    surfaces[entry] = surface;
  }
  return surfaces;
}
