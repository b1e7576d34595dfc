//! Prints the syntax tree as Go source exactly as gofmt would lay it out, with the import
//! block computed from the packages the code uses (gc rejects unused imports).

use std::collections::BTreeSet;
use std::fmt::Write;

use super::ast::{Decl, Expr, Field, Param, Pkg, Signature, Stmt, Type};

/// The source of a `main` package made of `decls`.
pub fn source(decls: &[Decl]) -> String {
    let mut p = Printer {
        out: String::new(),
        indent: 0,
        pkgs: BTreeSet::new(),
    };
    for d in decls {
        p.out.push('\n');
        p.decl(d);
    }
    let mut head = String::from("package main\n");
    let pkgs: Vec<&str> = p.pkgs.iter().map(|k| k.path()).collect();
    match pkgs.as_slice() {
        [] => {}
        [one] => {
            let _ = write!(head, "\nimport \"{one}\"\n");
        }
        many => {
            head.push_str("\nimport (\n");
            for path in many {
                let _ = writeln!(head, "\t\"{path}\"");
            }
            head.push_str(")\n");
        }
    }
    head + &p.out
}

struct Printer {
    out: String,
    indent: usize,
    /// Packages met so far: the import block lists exactly these.
    pkgs: BTreeSet<Pkg>,
}

impl Printer {
    fn line_start(&mut self) {
        for _ in 0..self.indent {
            self.out.push('\t');
        }
    }

    fn decl(&mut self, d: &Decl) {
        match d {
            Decl::Struct(name, fields) => {
                let _ = writeln!(self.out, "type {name} struct {{");
                self.fields(fields);
                self.out.push_str("}\n");
            }
            Decl::Defined(name, ty) => {
                let _ = write!(self.out, "type {name} ");
                self.ty(ty);
                self.out.push('\n');
            }
            Decl::Func {
                recv,
                name,
                sig,
                body,
            } => {
                self.out.push_str("func ");
                if let Some(r) = recv {
                    self.out.push('(');
                    self.param(r);
                    self.out.push_str(") ");
                }
                self.out.push_str(name);
                self.signature(sig);
                self.out.push(' ');
                self.block(body);
                self.out.push('\n');
            }
        }
    }

    /// The types of consecutive named fields line up in one column, as gofmt's tabwriter
    /// puts them; an embedded field (a single cell) ends such a run.
    fn fields(&mut self, fields: &[Field]) {
        for run in fields.chunk_by(|a, b| a.name.is_some() == b.name.is_some()) {
            let width = run
                .iter()
                .filter_map(|f| f.name.map(str::len))
                .max()
                .unwrap_or(0);
            for f in run {
                self.out.push('\t');
                if let Some(name) = f.name {
                    let _ = write!(self.out, "{name:width$} ");
                }
                self.ty(&f.ty);
                self.out.push('\n');
            }
        }
    }

    fn param(&mut self, p: &Param) {
        if !p.name.is_empty() {
            self.out.push_str(&p.name);
            self.out.push(' ');
        }
        self.ty(&p.ty);
    }

    /// `(params) results`, without the `func` keyword.
    fn signature(&mut self, sig: &Signature) {
        self.out.push('(');
        for (i, p) in sig.params.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.param(p);
        }
        self.out.push(')');
        match sig.results.as_slice() {
            [] => {}
            [one] if one.name.is_empty() => {
                self.out.push(' ');
                self.ty(&one.ty);
            }
            many => {
                self.out.push_str(" (");
                for (i, p) in many.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.param(p);
                }
                self.out.push(')');
            }
        }
    }

    fn ty(&mut self, t: &Type) {
        match t {
            Type::Int => self.out.push_str("int"),
            Type::String => self.out.push_str("string"),
            Type::Error => self.out.push_str("error"),
            Type::Any => self.out.push_str("any"),
            Type::Named(n) => self.out.push_str(n),
            Type::Pointer(t) => {
                self.out.push('*');
                self.ty(t);
            }
            Type::Slice(t) => {
                self.out.push_str("[]");
                self.ty(t);
            }
            Type::Array(n, t) => {
                let _ = write!(self.out, "[{n}]");
                self.ty(t);
            }
            Type::Map(k, v) => {
                self.out.push_str("map[");
                self.ty(k);
                self.out.push(']');
                self.ty(v);
            }
            Type::Func(params, results) => {
                self.out.push_str("func(");
                for (i, p) in params.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.ty(p);
                }
                self.out.push(')');
                match results.as_slice() {
                    [] => {}
                    [one] => {
                        self.out.push(' ');
                        self.ty(one);
                    }
                    many => {
                        self.out.push_str(" (");
                        for (i, r) in many.iter().enumerate() {
                            if i > 0 {
                                self.out.push_str(", ");
                            }
                            self.ty(r);
                        }
                        self.out.push(')');
                    }
                }
            }
        }
    }

    /// `{`, the statements one level deeper, `}` (no newline after it).
    fn block(&mut self, stmts: &[Stmt]) {
        self.out.push_str("{\n");
        self.lines(stmts);
        self.line_start();
        self.out.push('}');
    }

    /// The statements, a line each, one level deeper.
    fn lines(&mut self, stmts: &[Stmt]) {
        self.indent += 1;
        for s in stmts {
            if let Stmt::For {
                label: Some(label), ..
            } = s
            {
                // gofmt writes a label on a line of its own, one level out.
                self.indent -= 1;
                self.line_start();
                self.indent += 1;
                let _ = writeln!(self.out, "{label}:");
            }
            self.line_start();
            self.stmt(s);
            self.out.push('\n');
        }
        self.indent -= 1;
    }

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::Expr(e) => self.expr(e, 1),
            Stmt::Define(names, e) => {
                self.out.push_str(&names.join(", "));
                self.out.push_str(" := ");
                self.expr(e, 1);
            }
            Stmt::Assign(places, e) => {
                self.list(places, 1);
                self.out.push_str(" = ");
                self.expr(e, 1);
            }
            Stmt::OpAssign(place, op, e) => {
                self.expr(place, 1);
                let _ = write!(self.out, " {}= ", op.symbol());
                self.expr(e, 1);
            }
            Stmt::Inc(place) => {
                self.expr(place, 1);
                self.out.push_str("++");
            }
            Stmt::Var(name, ty, init) => {
                let _ = write!(self.out, "var {name} ");
                self.ty(ty);
                if let Some(e) = init {
                    self.out.push_str(" = ");
                    self.expr(e, 1);
                }
            }
            Stmt::If(cond, then, els) => {
                self.out.push_str("if ");
                self.expr(cond, 1);
                self.out.push(' ');
                self.block(then);
                if !els.is_empty() {
                    self.out.push_str(" else ");
                    self.block(els);
                }
            }
            Stmt::For {
                var, bound, body, ..
            } => {
                let _ = write!(self.out, "for {var} := 0; {var} < {bound}; {var}++ ");
                self.block(body);
            }
            Stmt::Break(label) => {
                let _ = write!(self.out, "break {label}");
            }
            Stmt::Continue(label) => {
                let _ = write!(self.out, "continue {label}");
            }
            Stmt::Defer(call) => {
                self.out.push_str("defer ");
                self.expr(call, 1);
            }
            Stmt::Return(values) => {
                self.out.push_str("return");
                if !values.is_empty() {
                    self.out.push(' ');
                    self.list(values, 1);
                }
            }
            Stmt::Switch(x, cases) => {
                self.out.push_str("switch ");
                self.expr(x, 1);
                self.out.push_str(" {\n");
                for (value, body) in cases {
                    self.line_start();
                    self.out.push_str("case ");
                    self.expr(value, 1);
                    self.out.push_str(":\n");
                    self.lines(body);
                }
                self.line_start();
                self.out.push('}');
            }
        }
    }

    fn list(&mut self, es: &[Expr], depth: u8) {
        for (i, e) in es.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.expr(e, depth);
        }
    }

    /// `depth` is gofmt's: 1 at the top of a statement, one more inside the arguments of a
    /// call with several arguments and inside an index; it decides the spacing of binary
    /// operators.
    fn expr(&mut self, e: &Expr, depth: u8) {
        match e {
            Expr::Int(v) => {
                let _ = write!(self.out, "{v}");
            }
            Expr::Str(s) => self.string_lit(s),
            Expr::Nil => self.out.push_str("nil"),
            Expr::Ident(n) => self.out.push_str(n),
            Expr::Qualified(pkg, name) => {
                self.pkgs.insert(*pkg);
                let _ = write!(self.out, "{}.{name}", pkg.path());
            }
            Expr::Selector(x, name) => {
                self.expr(x, depth);
                let _ = write!(self.out, ".{name}");
            }
            Expr::Index(x, i) => {
                self.expr(x, depth);
                self.out.push('[');
                self.expr(i, depth + 1);
                self.out.push(']');
            }
            Expr::Assert(x, t) => {
                self.expr(x, depth);
                self.out.push_str(".(");
                self.ty(t);
                self.out.push(')');
            }
            Expr::Call(f, args) => {
                self.expr(f, depth);
                self.out.push('(');
                let depth = if args.len() > 1 { depth + 1 } else { depth };
                self.list(args, depth);
                self.out.push(')');
            }
            Expr::Binary(x, op, y) => {
                debug_assert!(
                    !matches!(**x, Expr::Binary(..)) && !matches!(**y, Expr::Binary(..)),
                    "binary operands are kept flat"
                );
                // gofmt's cutoff: blanks around operators of lower precedence than this.
                // `x - -1` keeps its blanks so as not to read as `x--1`.
                let problem = op.symbol() == "-" && matches!(**y, Expr::Int(v) if v < 0);
                let cutoff = if problem {
                    5
                } else if depth == 1 {
                    6
                } else {
                    4
                };
                let sep = if op.precedence() < cutoff { " " } else { "" };
                self.expr(x, depth);
                let _ = write!(self.out, "{sep}{}{sep}", op.symbol());
                self.expr(y, depth);
            }
            Expr::AddrOf(x) => {
                self.out.push('&');
                self.expr(x, depth);
            }
            Expr::Composite(ty, elems) => {
                self.ty(ty);
                self.out.push('{');
                for (i, (key, v)) in elems.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    if let Some(k) = key {
                        let _ = write!(self.out, "{k}: ");
                    }
                    self.expr(v, 1);
                }
                self.out.push('}');
            }
            Expr::FuncLit(sig, body) => {
                self.out.push_str("func");
                self.signature(sig);
                self.out.push(' ');
                self.block(body);
            }
        }
    }

    /// A Go interpreted string literal; the generator's strings are printable ASCII.
    fn string_lit(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            debug_assert!(
                c.is_ascii_graphic() || c == ' ',
                "generated strings are plain"
            );
            if matches!(c, '"' | '\\') {
                self.out.push('\\');
            }
            self.out.push(c);
        }
        self.out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::r#gen::ast::BinOp;

    fn main_with(body: Vec<Stmt>) -> String {
        source(&[Decl::Func {
            recv: None,
            name: "main".into(),
            sig: Signature::default(),
            body,
        }])
    }

    #[test]
    fn binary_spacing_follows_gofmt() {
        let d1 = || Expr::binary(Expr::ident("d"), BinOp::Sub, Expr::Int(1));
        let f = |args| Stmt::Expr(Expr::call(Expr::ident("f"), args));
        let src = main_with(vec![
            f(vec![d1()]),
            f(vec![d1(), Expr::Int(3)]),
            f(vec![
                Expr::binary(Expr::ident("x"), BinOp::Sub, Expr::Int(-1)),
                Expr::binary(Expr::ident("x"), BinOp::Lt, Expr::Int(2)),
            ]),
        ]);
        assert_eq!(
            src,
            "package main\n\nfunc main() {\n\tf(d - 1)\n\tf(d-1, 3)\n\tf(x - -1, x < 2)\n}\n"
        );
    }

    #[test]
    fn imports_are_exactly_the_packages_used_in_path_order() {
        let call = |pkg, name| Stmt::Expr(Expr::pkg_call(pkg, name, vec![]));
        let src = main_with(vec![
            call(Pkg::Runtime, "Goexit"),
            call(Pkg::Fmt, "Println"),
        ]);
        assert!(src.starts_with(
            "package main\n\nimport (\n\t\"fmt\"\n\t\"runtime\"\n)\n\nfunc main() {\n"
        ));
        let src = main_with(vec![call(Pkg::Os, "Exit")]);
        assert!(src.starts_with("package main\n\nimport \"os\"\n\nfunc main() {\n"));
        assert!(!main_with(vec![]).contains("import"));
    }
}
