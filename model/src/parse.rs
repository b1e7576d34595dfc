//! Lowering the tree-sitter CST into the core syntax. Constructs outside the subset are refused
//! here when they can be recognised by shape alone (goroutines, channels, generics...).
//!
//! Source the parser rejects (the CST's ERROR and MISSING nodes, malformed literals) is refused
//! too, never reported as a syntax error: tree-sitter-go's grammar is not gc's, so a program it
//! rejects may be valid Go, and gc's own syntax errors are not modeled.

use crate::diag::{CompileErrors, Diagnostic, Rejection, Wording};
use crate::syntax::*;
use foldhash::HashMap;
use std::num::NonZeroU16;
use std::sync::OnceLock;
use tree_sitter::{Node, Parser};

/// Parses `src` into the core syntax.
pub fn parse(file: &str, src: &str) -> Result<File, Rejection> {
    let mut parser = Parser::new();
    let language: tree_sitter::Language = tree_sitter_go::LANGUAGE.into();
    if parser.set_language(&language).is_err() {
        return Err(Rejection::Unsupported(Diagnostic {
            file: file.to_string(),
            line: 1,
            col: 1,
            message: "the Go grammar failed to load".to_string(),
        }));
    }
    let Some(tree) = parser.parse(src, None) else {
        return Err(Rejection::Unsupported(Diagnostic {
            file: file.to_string(),
            line: 1,
            col: 1,
            message: "unsupported: source the front end's parser gave up on".to_string(),
        }));
    };
    let lower = Lower { file, src };
    let root = tree.root_node();
    if root.has_error() {
        return Err(Rejection::Unsupported(lower.syntax_error(root)));
    }
    let mut file = lower.file(root)?;
    file.literals = lower.literals(root);
    Ok(file)
}

struct Lower<'a> {
    file: &'a str,
    src: &'a str,
}

type R<T> = Result<T, Rejection>;

fn pos(n: Node) -> Pos {
    let p = n.start_position();
    Pos {
        line: p.row as u32 + 1,
        col: p.column as u32 + 1,
    }
}

/// The grammar's id for the field `name`. tree-sitter finds a field by name by comparing it with
/// every field name of the grammar, and lowering asks for fields at almost every node.
fn field_id(name: &str) -> Option<NonZeroU16> {
    static IDS: OnceLock<foldhash::HashMap<String, NonZeroU16>> = OnceLock::new();
    IDS.get_or_init(|| {
        let language: tree_sitter::Language = tree_sitter_go::LANGUAGE.into();
        (1..=u16::try_from(language.field_count()).unwrap_or(u16::MAX))
            .filter_map(|id| {
                Some((
                    language.field_name_for_id(id)?.to_string(),
                    NonZeroU16::new(id)?,
                ))
            })
            .collect()
    })
    .get(name)
    .copied()
}

/// The child of `n` in field `name`, if any.
fn child<'t>(n: Node<'t>, name: &str) -> Option<Node<'t>> {
    n.child_by_field_id(field_id(name)?.get())
}

fn named(n: Node) -> Vec<Node> {
    let mut c = n.walk();
    n.named_children(&mut c)
        .filter(|k| k.kind() != "comment")
        .collect()
}

impl<'a> Lower<'a> {
    fn text(&self, n: Node) -> &'a str {
        self.src.get(n.byte_range()).unwrap_or("")
    }

    fn diag(&self, n: Node, message: String) -> Diagnostic {
        let p = pos(n);
        Diagnostic {
            file: self.file.to_string(),
            line: p.line,
            col: p.col,
            message,
        }
    }

    /// Source the parser rejects at `n`, refused (see the module's comment).
    fn syntax<T>(&self, n: Node, message: impl Into<String>) -> R<T> {
        Err(Rejection::Unsupported(self.rejected(n, &message.into())))
    }

    /// The refusal of source the parser rejects: `unsupported: source the front end's parser
    /// rejects (syntax error: ...)`.
    fn rejected(&self, n: Node, why: &str) -> Diagnostic {
        self.diag(
            n,
            format!("unsupported: source the front end's parser rejects ({why})"),
        )
    }

    /// Refuses a construct outside the subset, naming it.
    fn unsupported<T>(&self, n: Node, construct: &str) -> R<T> {
        Err(Rejection::Unsupported(
            self.diag(n, format!("unsupported: {construct}")),
        ))
    }

    /// The refusal for a tree with errors, at its first ERROR or MISSING node (found without
    /// recursion: the tree may be arbitrarily deep).
    fn syntax_error(&self, root: Node) -> Diagnostic {
        let mut n = root;
        while !(n.is_error() || n.is_missing()) {
            let mut c = n.walk();
            let next = n.children(&mut c).find(|k| k.has_error());
            match next {
                Some(k) => n = k,
                None => break,
            }
        }
        if n.is_missing() {
            return self.rejected(n, &format!("syntax error: missing {}", n.kind()));
        }
        let near: String = self
            .text(n)
            .split_whitespace()
            .next()
            .unwrap_or("")
            .chars()
            .take(20)
            .collect();
        if near.is_empty() || !n.is_error() {
            self.rejected(n, "syntax error")
        } else {
            self.rejected(n, &format!("syntax error: unexpected {near}"))
        }
    }

    fn field<'t>(&self, n: Node<'t>, name: &str) -> R<Node<'t>> {
        match child(n, name) {
            Some(c) => Ok(c),
            None => self.syntax(n, format!("syntax error: {} without {name}", n.kind())),
        }
    }

    /// The text of every basic literal, by position, found without recursion.
    fn literals(&self, root: Node) -> HashMap<Pos, String> {
        const KINDS: [&str; 6] = [
            "int_literal",
            "float_literal",
            "imaginary_literal",
            "interpreted_string_literal",
            "raw_string_literal",
            "rune_literal",
        ];
        let mut out = HashMap::default();
        let mut cursor = root.walk();
        loop {
            let n = cursor.node();
            let literal = KINDS.contains(&n.kind());
            if literal {
                out.insert(pos(n), self.text(n).to_string());
            }
            if !literal && cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    return out;
                }
            }
        }
    }

    fn ident(&self, n: Node) -> Ident {
        Ident {
            name: self.text(n).to_string(),
            pos: pos(n),
        }
    }

    fn file(&self, root: Node) -> R<File> {
        let mut package = None;
        let mut imports = Vec::new();
        let mut decls = Vec::new();
        for n in named(root) {
            match n.kind() {
                "package_clause" => {
                    if let Some(id) = named(n).first() {
                        package = Some(self.ident(*id));
                    }
                }
                "import_declaration" => self.imports(n, &mut imports)?,
                "function_declaration" => decls.push(Decl::Func(self.func_decl(n)?)),
                "method_declaration" => decls.push(Decl::Func(self.method_decl(n)?)),
                "var_declaration" => decls.push(Decl::Var(self.var_decl(n)?)),
                "const_declaration" => decls.push(Decl::Const(self.const_decl(n)?)),
                "type_declaration" => decls.push(Decl::Type(self.type_decl(n)?)),
                other => {
                    return self.syntax(
                        n, format!("syntax error: non-declaration statement outside function body ({other})"),
                    );
                }
            }
        }
        let Some(package) = package else {
            return self.syntax(root, "syntax error: package statement must be first");
        };
        Ok(File {
            package,
            imports,
            decls,
            literals: HashMap::default(),
        })
    }

    fn imports(&self, n: Node, out: &mut Vec<Import>) -> R<()> {
        for c in named(n) {
            match c.kind() {
                "import_spec_list" => self.imports(c, out)?,
                "import_spec" => {
                    let name = match child(c, "name") {
                        Some(nm) if nm.kind() == "package_identifier" => Some(self.ident(nm)),
                        Some(nm) => {
                            return self.unsupported(nm, &format!("{} import", self.text(nm)));
                        }
                        None => None,
                    };
                    let path_node = self.field(c, "path")?;
                    let path = String::from_utf8_lossy(&self.string_lit(path_node)?).into_owned();
                    out.push(Import {
                        name,
                        path,
                        pos: pos(path_node),
                    });
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn func_decl(&self, n: Node) -> R<FuncDecl> {
        if child(n, "type_parameters").is_some() {
            return self.unsupported(n, "generic function");
        }
        let name = self.ident(self.field(n, "name")?);
        let sig = self.signature(n)?;
        let Some(body) = child(n, "body") else {
            return self.unsupported(n, "function declaration without a body");
        };
        Ok(FuncDecl {
            name,
            recv: None,
            sig,
            body: self.block(body)?,
        })
    }

    fn method_decl(&self, n: Node) -> R<FuncDecl> {
        let name = self.ident(self.field(n, "name")?);
        let recv_list = self.field(n, "receiver")?;
        let (mut recv, variadic) = self.params(recv_list)?;
        if variadic {
            return Err(compile_error(
                self.diag(recv_list, "invalid use of ...".to_string()),
            ));
        }
        if recv.len() != 1 {
            return Err(compile_error(
                self.diag(recv_list, "method has multiple receivers".to_string()),
            ));
        }
        let sig = self.signature(n)?;
        let Some(body) = child(n, "body") else {
            return self.unsupported(n, "method declaration without a body");
        };
        Ok(FuncDecl {
            name,
            recv: recv.pop(),
            sig,
            body: self.block(body)?,
        })
    }

    /// The signature of a node with `parameters` and `result` fields.
    fn signature(&self, n: Node) -> R<Signature> {
        let (params, variadic) = self.params(self.field(n, "parameters")?)?;
        let results = match child(n, "result") {
            None => Vec::new(),
            Some(r) if r.kind() == "parameter_list" => {
                let (rs, v) = self.params(r)?;
                if v {
                    return Err(compile_error(self.diag(
                        r,
                        "can only use ... with final parameter in list".to_string(),
                    )));
                }
                rs
            }
            Some(r) => vec![Param {
                name: None,
                ty: self.type_expr(r)?,
            }],
        };
        Ok(Signature {
            params,
            results,
            variadic,
        })
    }

    fn params(&self, list: Node) -> R<(Vec<Param>, bool)> {
        let mut out = Vec::new();
        let mut variadic = false;
        let decls = named(list);
        for (i, d) in decls.iter().enumerate() {
            let ty = self.type_expr(self.field(*d, "type")?)?;
            if d.kind() == "variadic_parameter_declaration" {
                if i + 1 != decls.len() {
                    return Err(compile_error(self.diag(
                        *d,
                        "can only use ... with final parameter in list".to_string(),
                    )));
                }
                variadic = true;
            }
            let mut c = d.walk();
            let names: Vec<Node> = d.children_by_field_name("name", &mut c).collect();
            if names.is_empty() {
                out.push(Param { name: None, ty });
            } else {
                for nm in names {
                    out.push(Param {
                        name: Some(self.ident(nm)),
                        ty: ty.clone(),
                    });
                }
            }
        }
        // Parameters are all named or all unnamed. tree-sitter-go sometimes reads the first
        // names of `a, b, c T` as unnamed parameters of types `a`, ...: as in Go's grammar, such
        // a name takes the type of the named parameters after it.
        if out.iter().any(|p| p.name.is_some()) {
            let mut next: Option<TypeExpr> = None;
            for p in out.iter_mut().rev() {
                match (&p.name, &p.ty.kind, &next) {
                    (Some(_), _, _) => next = Some(p.ty.clone()),
                    (None, TypeExprKind::Name(n), Some(t)) => {
                        p.name = Some(Ident {
                            name: n.clone(),
                            pos: p.ty.pos,
                        });
                        p.ty = t.clone();
                    }
                    (None, _, _) => {
                        return self
                            .syntax(list, "syntax error: mixed named and unnamed parameters");
                    }
                }
            }
        }
        Ok((out, variadic))
    }

    fn var_decl(&self, n: Node) -> R<Vec<VarSpec>> {
        let mut out = Vec::new();
        for c in named(n) {
            match c.kind() {
                "var_spec_list" => out.extend(self.var_decl(c)?),
                "var_spec" => {
                    let mut w = c.walk();
                    let names = c
                        .children_by_field_name("name", &mut w)
                        .map(|x| self.ident(x))
                        .collect();
                    let ty = child(c, "type").map(|t| self.type_expr(t)).transpose()?;
                    let values = match child(c, "value") {
                        Some(v) => self.expr_list(v)?,
                        None => Vec::new(),
                    };
                    out.push(VarSpec {
                        names,
                        ty,
                        values,
                        pos: pos(c),
                    });
                }
                _ => {}
            }
        }
        Ok(out)
    }

    fn const_decl(&self, n: Node) -> R<Vec<ConstSpec>> {
        let mut out: Vec<ConstSpec> = Vec::new();
        for (iota, c) in named(n)
            .into_iter()
            .filter(|c| c.kind() == "const_spec")
            .enumerate()
        {
            let mut w = c.walk();
            let names = c
                .children_by_field_name("name", &mut w)
                .filter(|x| x.kind() == "identifier")
                .map(|x| self.ident(x))
                .collect();
            let ty = child(c, "type").map(|t| self.type_expr(t)).transpose()?;
            let (ty, values) = match child(c, "value") {
                Some(v) => (ty, self.expr_list(v)?),
                // Implicit repetition of the previous spec's type and expressions.
                None => match out.last() {
                    Some(prev) if ty.is_none() => (prev.ty.clone(), prev.values.clone()),
                    _ => {
                        return Err(compile_error(
                            self.diag(c, "missing init expr for const declaration".to_string()),
                        ));
                    }
                },
            };
            out.push(ConstSpec {
                names,
                ty,
                values,
                iota: iota as i64,
                pos: pos(c),
            });
        }
        Ok(out)
    }

    fn type_decl(&self, n: Node) -> R<Vec<TypeSpec>> {
        let mut out = Vec::new();
        for c in named(n) {
            if child(c, "type_parameters").is_some() {
                return self.unsupported(c, "generic type");
            }
            let alias = match c.kind() {
                "type_spec" => false,
                "type_alias" => true,
                _ => continue,
            };
            let name = self.ident(self.field(c, "name")?);
            let ty = self.type_expr(self.field(c, "type")?)?;
            out.push(TypeSpec { name, ty, alias });
        }
        Ok(out)
    }

    fn type_expr(&self, n: Node) -> R<TypeExpr> {
        let kind = match n.kind() {
            "type_identifier" | "identifier" => TypeExprKind::Name(self.text(n).to_string()),
            "qualified_type" => TypeExprKind::Qualified(
                self.text(self.field(n, "package")?).to_string(),
                self.text(self.field(n, "name")?).to_string(),
            ),
            "selector_expression" => {
                let operand = self.field(n, "operand")?;
                if operand.kind() != "identifier" {
                    return self.unsupported(n, "type expression");
                }
                TypeExprKind::Qualified(
                    self.text(operand).to_string(),
                    self.text(self.field(n, "field")?).to_string(),
                )
            }
            "pointer_type" => TypeExprKind::Pointer(Box::new(self.only_child_type(n)?)),
            "unary_expression" if self.text(self.field(n, "operator")?) == "*" => {
                TypeExprKind::Pointer(Box::new(self.type_expr(self.field(n, "operand")?)?))
            }
            "parenthesized_type" | "parenthesized_expression" => return self.only_child_type(n),
            "slice_type" => {
                TypeExprKind::Slice(Box::new(self.type_expr(self.field(n, "element")?)?))
            }
            "map_type" => TypeExprKind::Map(
                Box::new(self.type_expr(self.field(n, "key")?)?),
                Box::new(self.type_expr(self.field(n, "value")?)?),
            ),
            "function_type" => TypeExprKind::Func(Box::new(self.signature(n)?)),
            "struct_type" => TypeExprKind::Struct(self.struct_fields(n)?),
            "interface_type" => TypeExprKind::Interface(self.interface_elems(n)?),
            "array_type" => TypeExprKind::Array(
                Some(Box::new(self.expr(self.field(n, "length")?)?)),
                Box::new(self.type_expr(self.field(n, "element")?)?),
            ),
            "implicit_length_array_type" => {
                TypeExprKind::Array(None, Box::new(self.type_expr(self.field(n, "element")?)?))
            }
            "channel_type" => return self.unsupported(n, "channel type"),
            "generic_type" => return self.unsupported(n, "generic type instantiation"),
            "negated_type" | "type_elem" | "type_constraint" => {
                return self.unsupported(n, "type constraint");
            }
            other => return self.unsupported(n, &format!("type expression ({other})")),
        };
        Ok(TypeExpr { kind, pos: pos(n) })
    }

    fn only_child_type(&self, n: Node) -> R<TypeExpr> {
        match named(n).first() {
            Some(c) => self.type_expr(*c),
            None => self.syntax(n, "syntax error: missing type"),
        }
    }

    fn struct_fields(&self, n: Node) -> R<Vec<FieldDecl>> {
        let mut out = Vec::new();
        let Some(list) = named(n)
            .into_iter()
            .find(|c| c.kind() == "field_declaration_list")
        else {
            return Ok(out);
        };
        for f in named(list) {
            if child(f, "tag").is_some() {
                return self.unsupported(f, "struct field tag");
            }
            let mut ty = self.type_expr(self.field(f, "type")?)?;
            let mut w = f.walk();
            let names: Vec<Node> = f.children_by_field_name("name", &mut w).collect();
            if names.is_empty() {
                // An embedded `*T` keeps its star outside the `type` field.
                let mut c = f.walk();
                if f.children(&mut c).any(|k| k.kind() == "*") {
                    ty = TypeExpr {
                        pos: pos(f),
                        kind: TypeExprKind::Pointer(Box::new(ty)),
                    };
                }
                out.push(FieldDecl { name: None, ty });
            } else {
                for nm in names {
                    out.push(FieldDecl {
                        name: Some(self.ident(nm)),
                        ty: ty.clone(),
                    });
                }
            }
        }
        Ok(out)
    }

    fn interface_elems(&self, n: Node) -> R<Vec<InterfaceElem>> {
        let mut out = Vec::new();
        for e in named(n) {
            match e.kind() {
                "method_elem" => out.push(InterfaceElem::Method(
                    self.ident(self.field(e, "name")?),
                    self.signature(e)?,
                )),
                "type_elem" => {
                    let types = named(e);
                    match types.as_slice() {
                        [t] if matches!(t.kind(), "type_identifier" | "qualified_type") => {
                            out.push(InterfaceElem::Embed(self.type_expr(*t)?))
                        }
                        _ => return self.unsupported(e, "interface type constraint"),
                    }
                }
                other => return self.unsupported(e, &format!("interface element ({other})")),
            }
        }
        Ok(out)
    }

    fn block(&self, n: Node) -> R<Block> {
        let mut stmts = Vec::new();
        for c in named(n) {
            if c.kind() == "statement_list" {
                for s in named(c) {
                    stmts.push(self.stmt(s)?);
                }
            } else {
                stmts.push(self.stmt(c)?);
            }
        }
        let e = n.end_position();
        let end = Pos {
            line: e.row as u32 + 1,
            col: e.column as u32,
        };
        Ok(Block { stmts, end })
    }

    fn stmt_list(&self, n: Node) -> R<Vec<Stmt>> {
        let mut out = Vec::new();
        for c in named(n) {
            if c.kind() == "statement_list" {
                for s in named(c) {
                    out.push(self.stmt(s)?);
                }
            }
        }
        Ok(out)
    }

    fn opt_stmt(&self, n: Node, field: &str) -> R<Option<Box<Stmt>>> {
        child(n, field)
            .map(|s| self.stmt(s).map(Box::new))
            .transpose()
    }

    fn stmt(&self, n: Node) -> R<Stmt> {
        let kind = match n.kind() {
            "expression_statement" => StmtKind::Expr(self.only_expr(n)?),
            "short_var_declaration" => {
                let left = self.field(n, "left")?;
                let mut names = Vec::new();
                for l in named(left) {
                    // The predeclared `true`, `false`, `nil` and `iota` are names too.
                    if !matches!(l.kind(), "identifier" | "true" | "false" | "nil" | "iota") {
                        return Err(compile_error(
                            self.diag(l, format!("non-name {} on left side of :=", self.text(l))),
                        ));
                    }
                    names.push(self.ident(l));
                }
                let mut c = n.walk();
                let op = n
                    .children(&mut c)
                    .find(|k| k.kind() == ":=")
                    .map_or(pos(n), pos);
                StmtKind::Define(names, self.expr_list(self.field(n, "right")?)?, op)
            }
            "assignment_statement" => {
                let op_node = self.field(n, "operator")?;
                let op = match self.text(op_node) {
                    "=" => None,
                    s => Some(self.binop(op_node, s.trim_end_matches('='))?),
                };
                StmtKind::Assign(
                    self.expr_list(self.field(n, "left")?)?,
                    op,
                    self.expr_list(self.field(n, "right")?)?,
                )
            }
            "inc_statement" => StmtKind::IncDec(self.only_expr(n)?, true),
            "dec_statement" => StmtKind::IncDec(self.only_expr(n)?, false),
            "var_declaration" => StmtKind::Var(self.var_decl(n)?),
            "const_declaration" => StmtKind::Const(self.const_decl(n)?),
            "type_declaration" => StmtKind::Type(self.type_decl(n)?),
            "return_statement" => StmtKind::Return(match named(n).first() {
                Some(l) => self.expr_list(*l)?,
                None => Vec::new(),
            }),
            "defer_statement" => StmtKind::Defer(self.only_expr(n)?),
            "block" => StmtKind::Block(self.block(n)?),
            "if_statement" => StmtKind::If {
                init: self.opt_stmt(n, "initializer")?,
                cond: self.expr(self.field(n, "condition")?)?,
                then: self.block(self.field(n, "consequence")?)?,
                els: self.opt_stmt(n, "alternative")?,
            },
            "for_statement" => self.for_stmt(n)?,
            "expression_switch_statement" => {
                let mut cases = Vec::new();
                for c in named(n) {
                    let default = match c.kind() {
                        "expression_case" => false,
                        "default_case" => true,
                        _ => continue,
                    };
                    let exprs = match child(c, "value") {
                        Some(v) => self.expr_list(v)?,
                        None => Vec::new(),
                    };
                    cases.push(CaseClause {
                        exprs,
                        default,
                        body: self.stmt_list(c)?,
                        pos: pos(c),
                    });
                }
                StmtKind::Switch {
                    init: self.opt_stmt(n, "initializer")?,
                    tag: child(n, "value").map(|v| self.expr(v)).transpose()?,
                    cases,
                }
            }
            "type_switch_statement" => self.type_switch(n)?,
            "break_statement" => StmtKind::Break(named(n).first().map(|l| self.ident(*l))),
            "continue_statement" => StmtKind::Continue(named(n).first().map(|l| self.ident(*l))),
            "goto_statement" => match named(n).first() {
                Some(l) => StmtKind::Goto(self.ident(*l)),
                None => return self.syntax(n, "syntax error: missing label"),
            },
            "labeled_statement" => {
                let label = self.ident(self.field(n, "label")?);
                let inner = named(n).into_iter().find(|c| c.kind() != "label_name");
                let body = match inner {
                    Some(s) => self.stmt(s)?,
                    None => Stmt {
                        kind: StmtKind::Empty,
                        pos: pos(n),
                    },
                };
                StmtKind::Labeled(label, Box::new(body))
            }
            "fallthrough_statement" => StmtKind::Fallthrough,
            "empty_statement" => StmtKind::Empty,
            "go_statement" => return self.unsupported(n, "go statement"),
            "select_statement" => return self.unsupported(n, "select statement"),
            "send_statement" | "receive_statement" => {
                return self.unsupported(n, "channel operation");
            }
            other => return self.unsupported(n, &format!("statement ({other})")),
        };
        Ok(Stmt { kind, pos: pos(n) })
    }

    fn for_stmt(&self, n: Node) -> R<StmtKind> {
        let body_node = self.field(n, "body")?;
        let body = self.block(body_node)?;
        let header = named(n).into_iter().find(|c| c.id() != body_node.id());
        Ok(match header {
            None => StmtKind::For {
                init: None,
                cond: None,
                post: None,
                body,
            },
            Some(h) if h.kind() == "for_clause" => StmtKind::For {
                init: self.opt_stmt(h, "initializer")?,
                cond: child(h, "condition").map(|c| self.expr(c)).transpose()?,
                post: self.opt_stmt(h, "update")?,
                body,
            },
            Some(h) if h.kind() == "range_clause" => {
                let expr = self.expr(self.field(h, "right")?)?;
                let (mut key, mut value, mut define) = (None, None, false);
                if let Some(left) = child(h, "left") {
                    let mut it = self.expr_list(left)?.into_iter();
                    key = it.next();
                    value = it.next();
                    if it.next().is_some() {
                        return Err(compile_error(self.diag(
                            left,
                            "range clause permits at most two iteration variables".to_string(),
                        )));
                    }
                    // The operator between the left list and `range` decides between := and =.
                    let mut c = h.walk();
                    define = h.children(&mut c).any(|k| k.kind() == ":=");
                }
                StmtKind::Range {
                    key,
                    value,
                    define,
                    expr,
                    body,
                }
            }
            Some(h) => StmtKind::For {
                init: None,
                cond: Some(self.expr(h)?),
                post: None,
                body,
            },
        })
    }

    fn type_switch(&self, n: Node) -> R<StmtKind> {
        let bind = match child(n, "alias") {
            Some(a) => match named(a).as_slice() {
                [id] if id.kind() == "identifier" => Some(self.ident(*id)),
                _ => {
                    return self.syntax(a, "syntax error: bad type switch guard");
                }
            },
            None => None,
        };
        let mut cases = Vec::new();
        for c in named(n) {
            let default = match c.kind() {
                "type_case" => false,
                "default_case" => true,
                _ => continue,
            };
            let mut types = Vec::new();
            let mut w = c.walk();
            for t in c.children_by_field_name("type", &mut w) {
                if t.kind() == "," {
                    continue;
                }
                if self.text(t) == "nil" {
                    types.push(None);
                } else {
                    types.push(Some(self.type_expr(t)?));
                }
            }
            cases.push(TypeClause {
                types,
                default,
                body: self.stmt_list(c)?,
                pos: pos(c),
            });
        }
        Ok(StmtKind::TypeSwitch {
            init: self.opt_stmt(n, "initializer")?,
            bind,
            expr: self.expr(self.field(n, "value")?)?,
            cases,
        })
    }

    fn only_expr(&self, n: Node) -> R<Expr> {
        match named(n).first() {
            Some(c) => self.expr(*c),
            None => self.syntax(n, "syntax error: missing expression"),
        }
    }

    fn expr_list(&self, n: Node) -> R<Vec<Expr>> {
        if n.kind() != "expression_list" {
            return Ok(vec![self.expr(n)?]);
        }
        named(n).into_iter().map(|c| self.expr(c)).collect()
    }

    fn binop(&self, n: Node, s: &str) -> R<BinOp> {
        Ok(match s {
            "+" => BinOp::Add,
            "-" => BinOp::Sub,
            "*" => BinOp::Mul,
            "/" => BinOp::Div,
            "%" => BinOp::Rem,
            "&" => BinOp::And,
            "|" => BinOp::Or,
            "^" => BinOp::Xor,
            "&^" => BinOp::AndNot,
            "<<" => BinOp::Shl,
            ">>" => BinOp::Shr,
            "&&" => BinOp::LogAnd,
            "||" => BinOp::LogOr,
            "==" => BinOp::Eq,
            "!=" => BinOp::Ne,
            "<" => BinOp::Lt,
            "<=" => BinOp::Le,
            ">" => BinOp::Gt,
            ">=" => BinOp::Ge,
            other => return self.unsupported(n, &format!("operator {other}")),
        })
    }

    fn expr(&self, n: Node) -> R<Expr> {
        let p = pos(n);
        let kind = match n.kind() {
            "identifier" | "true" | "false" | "nil" | "iota" => {
                ExprKind::Ident(self.text(n).to_string())
            }
            "int_literal" => ExprKind::Int(self.int_lit(n)?),
            "float_literal" => {
                let t = self.text(n).replace('_', "");
                if t.starts_with("0x") || t.starts_with("0X") {
                    return self.unsupported(n, "hexadecimal floating-point literal");
                }
                ExprKind::Float(t)
            }
            "imaginary_literal" => {
                let t = self.text(n).replace('_', "");
                let t = t.strip_suffix('i').unwrap_or(&t);
                // An integer part of decimal digits is decimal even with a leading 0.
                if !t
                    .bytes()
                    .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
                {
                    return self.unsupported(n, "an imaginary literal in a base other than 10");
                }
                ExprKind::Imag(t.to_string())
            }
            "interpreted_string_literal" | "raw_string_literal" => {
                ExprKind::Str(self.string_lit(n)?)
            }
            "rune_literal" => ExprKind::Rune(self.rune_lit(n)?),
            "parenthesized_expression" => ExprKind::Paren(Box::new(self.only_expr(n)?)),
            "call_expression" => {
                if child(n, "type_arguments").is_some() {
                    return self.unsupported(n, "generic function call");
                }
                let func = self.expr(self.field(n, "function")?)?;
                let mut args = Vec::new();
                let mut spread = false;
                for a in named(self.field(n, "arguments")?) {
                    if a.kind() == "variadic_argument" {
                        spread = true;
                        args.push(self.only_expr(a)?);
                    } else {
                        args.push(self.expr(a)?);
                    }
                }
                ExprKind::Call {
                    func: Box::new(func),
                    args,
                    spread,
                }
            }
            "type_conversion_expression" => {
                let ty_node = self.field(n, "type")?;
                if ty_node.kind() == "pointer_type" {
                    // `*T(x)` is `*(T(x))` in Go (a conversion to a pointer type is written
                    // `(*T)(x)`); tree-sitter-go reads it as a conversion to `*T`.
                    let Some(inner) = named(ty_node).first().copied() else {
                        return self.syntax(ty_node, "syntax error: missing type");
                    };
                    let ty = self.type_expr(inner)?;
                    let operand = self.expr(self.field(n, "operand")?)?;
                    let call = Expr {
                        pos: ty.pos,
                        kind: ExprKind::Call {
                            func: Box::new(Expr {
                                pos: ty.pos,
                                kind: ExprKind::Type(ty),
                            }),
                            args: vec![operand],
                            spread: false,
                        },
                    };
                    ExprKind::Unary(UnOp::Deref, Box::new(call))
                } else {
                    let ty = self.type_expr(ty_node)?;
                    let operand = self.expr(self.field(n, "operand")?)?;
                    ExprKind::Call {
                        func: Box::new(Expr {
                            pos: ty.pos,
                            kind: ExprKind::Type(ty),
                        }),
                        args: vec![operand],
                        spread: false,
                    }
                }
            }
            "selector_expression" => ExprKind::Selector(
                Box::new(self.expr(self.field(n, "operand")?)?),
                self.ident(self.field(n, "field")?),
            ),
            "index_expression" => ExprKind::Index(
                Box::new(self.expr(self.field(n, "operand")?)?),
                Box::new(self.expr(self.field(n, "index")?)?),
            ),
            "slice_expression" => {
                let opt = |f: &str| -> R<Option<Box<Expr>>> {
                    child(n, f).map(|e| self.expr(e).map(Box::new)).transpose()
                };
                ExprKind::Slice {
                    x: Box::new(self.expr(self.field(n, "operand")?)?),
                    lo: opt("start")?,
                    hi: opt("end")?,
                    max: opt("capacity")?,
                }
            }
            "type_assertion_expression" => {
                let x = self.expr(self.field(n, "operand")?)?;
                let t = self.field(n, "type")?;
                let ty = if self.text(t) == "type" {
                    None
                } else {
                    Some(self.type_expr(t)?)
                };
                ExprKind::Assert(Box::new(x), ty)
            }
            "unary_expression" => {
                let op_node = self.field(n, "operator")?;
                let op = match self.text(op_node) {
                    "-" => UnOp::Neg,
                    "+" => UnOp::Plus,
                    "!" => UnOp::Not,
                    "^" => UnOp::Complement,
                    "*" => UnOp::Deref,
                    "&" => UnOp::Addr,
                    "<-" => return self.unsupported(n, "channel receive"),
                    other => return self.unsupported(n, &format!("operator {other}")),
                };
                ExprKind::Unary(op, Box::new(self.expr(self.field(n, "operand")?)?))
            }
            "binary_expression" => {
                let op_node = self.field(n, "operator")?;
                let op = self.binop(op_node, self.text(op_node))?;
                ExprKind::Binary(
                    op,
                    Box::new(self.expr(self.field(n, "left")?)?),
                    Box::new(self.expr(self.field(n, "right")?)?),
                )
            }
            "func_literal" => ExprKind::FuncLit(
                Box::new(self.signature(n)?),
                self.block(self.field(n, "body")?)?,
            ),
            "composite_literal" => {
                let ty = self.type_expr(self.field(n, "type")?)?;
                ExprKind::Composite(Some(ty), self.literal_value(self.field(n, "body")?)?)
            }
            "literal_value" => ExprKind::Composite(None, self.literal_value(n)?),
            "slice_type"
            | "map_type"
            | "pointer_type"
            | "function_type"
            | "struct_type"
            | "interface_type"
            | "qualified_type"
            | "type_identifier"
            | "parenthesized_type"
            | "array_type"
            | "implicit_length_array_type"
            | "channel_type" => ExprKind::Type(self.type_expr(n)?),
            "type_instantiation_expression" | "generic_type" => {
                return self.unsupported(n, "generic instantiation");
            }
            other => return self.unsupported(n, &format!("expression ({other})")),
        };
        Ok(Expr { kind, pos: p })
    }

    fn literal_value(&self, n: Node) -> R<Vec<Element>> {
        let element = |e: Node| -> R<Expr> {
            match named(e).first() {
                Some(c) => self.expr(*c),
                None => self.syntax(e, "syntax error: missing element"),
            }
        };
        let mut out = Vec::new();
        for e in named(n) {
            match e.kind() {
                "keyed_element" => out.push(Element {
                    key: Some(element(self.field(e, "key")?)?),
                    value: element(self.field(e, "value")?)?,
                }),
                "literal_element" => out.push(Element {
                    key: None,
                    value: element(e)?,
                }),
                _ => {}
            }
        }
        Ok(out)
    }

    fn int_lit(&self, n: Node) -> R<u128> {
        let t = self.text(n).replace('_', "");
        let (digits, radix) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X"))
        {
            (h.to_string(), 16)
        } else if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
            (b.to_string(), 2)
        } else if let Some(o) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
            (o.to_string(), 8)
        } else if t.len() > 1 && t.starts_with('0') {
            (t[1..].to_string(), 8)
        } else {
            (t.clone(), 10)
        };
        match u128::from_str_radix(&digits, radix) {
            Ok(v) => Ok(v),
            Err(_) => self.unsupported(
                n,
                &format!("integer constant {t} (too large for the model)"),
            ),
        }
    }

    fn string_lit(&self, n: Node) -> R<Vec<u8>> {
        let t = self.text(n);
        if n.kind() == "raw_string_literal" {
            let inner = t.get(1..t.len().saturating_sub(1)).unwrap_or("");
            return Ok(inner.bytes().filter(|b| *b != b'\r').collect());
        }
        let inner = t.get(1..t.len().saturating_sub(1)).unwrap_or("");
        self.unescape(n, inner, b'"')
    }

    fn rune_lit(&self, n: Node) -> R<u32> {
        let t = self.text(n);
        let inner = t.get(1..t.len().saturating_sub(1)).unwrap_or("");
        if !inner.starts_with('\\') {
            let mut cs = inner.chars();
            return match (cs.next(), cs.next()) {
                (Some(c), None) => Ok(c as u32),
                _ => self.syntax(n, "more than one character in rune literal".to_string()),
            };
        }
        let bytes = self.unescape(n, inner, b'\'')?;
        // \u and \U escapes come back as UTF-8; \x and octal escapes as one byte value.
        match std::str::from_utf8(&bytes).ok().and_then(|s| {
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => Some(c as u32),
                _ => None,
            }
        }) {
            Some(c)
                if !(inner.starts_with("\\x")
                    || inner.as_bytes().get(1).is_some_and(u8::is_ascii_digit)) =>
            {
                Ok(c)
            }
            _ if bytes.len() == 1 => Ok(u32::from(bytes[0])),
            _ => self.syntax(n, "invalid rune literal"),
        }
    }

    /// Decodes Go escape sequences into bytes.
    fn unescape(&self, n: Node, s: &str, quote: u8) -> R<Vec<u8>> {
        let bad = || Rejection::Unsupported(self.rejected(n, "invalid escape sequence"));
        let b = s.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            if b[i] != b'\\' {
                out.push(b[i]);
                i += 1;
                continue;
            }
            let c = *b.get(i + 1).ok_or_else(bad)?;
            i += 2;
            let simple = match c {
                b'a' => Some(7),
                b'b' => Some(8),
                b'f' => Some(12),
                b'n' => Some(b'\n'),
                b'r' => Some(b'\r'),
                b't' => Some(b'\t'),
                b'v' => Some(11),
                b'\\' => Some(b'\\'),
                c if c == quote => Some(c),
                _ => None,
            };
            if let Some(v) = simple {
                out.push(v);
                continue;
            }
            let hex = |len: usize, i: usize| -> R<u32> {
                let h = s.get(i..i + len).ok_or_else(bad)?;
                u32::from_str_radix(h, 16).map_err(|_| bad())
            };
            match c {
                b'x' => {
                    out.push(hex(2, i)? as u8);
                    i += 2;
                }
                b'0'..=b'7' => {
                    let o = s.get(i - 1..i + 2).ok_or_else(bad)?;
                    let v = u32::from_str_radix(o, 8).map_err(|_| bad())?;
                    if v > 255 {
                        return Err(bad());
                    }
                    out.push(v as u8);
                    i += 2;
                }
                b'u' | b'U' => {
                    let len = if c == b'u' { 4 } else { 8 };
                    let ch = char::from_u32(hex(len, i)?).ok_or_else(bad)?;
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                    i += len;
                }
                _ => return Err(bad()),
            }
        }
        Ok(out)
    }
}

/// A syntax error gc reports too, in the model's words.
fn compile_error(d: Diagnostic) -> Rejection {
    Rejection::Compile(CompileErrors::hard(d, Wording::Model))
}
