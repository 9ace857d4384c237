package dev.jive.mcp.tools;

import dev.jive.core.ArchitectureMemory;
import dev.jive.core.ConflictException;
import dev.jive.core.InvalidInputException;
import dev.jive.core.NotFoundException;
import dev.jive.core.TroubleshootMemory;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.LanceDBManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code jive_memory}: architecture guidance and troubleshooting knowledge, both searchable, with
 * markdown export and import. {@code match_problem} ranks troubleshooting entries by similarity
 * weighted by how often their solutions worked.
 */
final class MemoryTool implements JiveTool {
  private static final List<String> ACTIONS =
      List.of(
          "create",
          "update",
          "delete",
          "get",
          "list",
          "search",
          "get_context",
          "match_problem",
          "export",
          "import",
          "export_batch",
          "import_batch");
  private static final List<String> TYPES = List.of("architecture", "troubleshoot");
  private static final List<String> IMPORT_MODES =
      List.of("create_or_update", "create_only", "update_only", "replace");
  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private static final String ARCHITECTURE_TABLE = "ArchitectureMemory";
  private static final String TROUBLESHOOT_TABLE = "TroubleshootMemory";

  @Override
  public String name() {
    return "jive_memory";
  }

  @Override
  public ToolOutput call(Args args, ToolContext ctx) {
    String action = args.requireChoice("action", ACTIONS);
    boolean arch = args.requireChoice("memory_type", TYPES).equals("architecture");
    return switch (action) {
      case "create", "update" -> put(action, arch, args, ctx);
      case "delete" -> delete(arch, args, ctx);
      case "get" -> get(arch, args, ctx);
      case "list" -> list(arch, args, ctx);
      case "search" -> search(arch, args, ctx, false);
      case "match_problem" -> {
        if (arch) {
          throw new InvalidInputException(
              "memory_type", "match_problem works on troubleshoot memories");
        }
        yield search(false, args, ctx, true);
      }
      case "get_context" -> context(arch, args, ctx);
      case "export" -> export(arch, args, ctx);
      case "export_batch" -> exportBatch(arch, args, ctx);
      default -> importFiles(action, arch, args, ctx);
    };
  }

  private static String slugOf(Args args) {
    String slug = args.requireText("slug");
    if (!SLUG.matcher(slug).matches()) {
      throw new InvalidInputException(
          "slug",
          "'"
              + slug
              + "' is not a slug: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit");
    }
    return slug;
  }

  /** The memory a call names by slug or item_id (its id). */
  private static Optional<Object> find(boolean arch, Args args, ToolContext ctx) {
    LanceDBManager s = ctx.store();
    if (args.has("slug")) {
      String slug = args.requireText("slug");
      return arch
          ? s.getArchitectureMemory(slug).map(m -> m)
          : s.getTroubleshootMemory(slug).map(m -> m);
    }
    String id =
        args.text("item_id")
            .orElseThrow(() -> new InvalidInputException("slug", "give slug or item_id"));
    Filter f = Filter.eq("id", id);
    return arch
        ? s.listArchitectureMemories(f, 1).stream().findFirst().map(m -> m)
        : s.listTroubleshootMemories(f, 1).stream().findFirst().map(m -> m);
  }

  private static Object require(boolean arch, Args args, ToolContext ctx) {
    return find(arch, args, ctx)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "no "
                        + (arch ? "architecture" : "troubleshoot")
                        + " memory has the "
                        + (args.has("slug")
                            ? "slug " + args.text("slug", "")
                            : "id " + args.text("item_id", ""))));
  }

  private static Map<String, Object> view(Object m) {
    return m instanceof ArchitectureMemory a
        ? Views.architecture(a)
        : Views.troubleshoot((TroubleshootMemory) m);
  }

  private static String line(Object m) {
    if (m instanceof ArchitectureMemory a) {
      return a.uniqueSlug() + ": " + a.title();
    }
    TroubleshootMemory t = (TroubleshootMemory) m;
    return t.uniqueSlug()
        + ": "
        + t.title()
        + " (worked "
        + t.successCount()
        + "/"
        + t.usageCount()
        + ")";
  }

  private ToolOutput put(String action, boolean arch, Args args, ToolContext ctx) {
    String slug = slugOf(args);
    Optional<Object> existing = find(arch, new Args(Map.of("slug", slug)), ctx);
    if (action.equals("create") && existing.isPresent()) {
      throw new ConflictException(
          "a "
              + (arch ? "architecture" : "troubleshoot")
              + " memory with the slug "
              + slug
              + " exists; use action=update");
    }
    if (action.equals("update") && existing.isEmpty()) {
      throw new NotFoundException(
          "no " + (arch ? "architecture" : "troubleshoot") + " memory has the slug " + slug);
    }
    Object stored =
        arch
            ? putArchitecture(slug, args, (ArchitectureMemory) existing.orElse(null), ctx)
            : putTroubleshoot(slug, args, (TroubleshootMemory) existing.orElse(null), ctx);
    ctx.client().info(action + "d memory " + slug);
    return new ToolOutput(
        Views.result(action, "memory", view(stored)),
        (action.equals("create") ? "Created " : "Updated ") + line(stored));
  }

  private static List<String> listOr(Args a, String name, List<String> current, int max) {
    if (!a.raw().containsKey(name)) {
      return current;
    }
    List<String> v = a.texts(name);
    if (v.size() > max) {
      throw new InvalidInputException(name, "at most " + max + " entries, got " + v.size());
    }
    return v;
  }

  private static ArchitectureMemory putArchitecture(
      String slug, Args a, ArchitectureMemory old, ToolContext ctx) {
    String requirements =
        a.rawText("ai_requirements").orElse(old == null ? "" : old.aiRequirements());
    if (requirements.length() > 10_000) {
      throw new InvalidInputException(
          "ai_requirements", "at most 10000 characters, got " + requirements.length());
    }
    String title = a.text("title").orElse(old == null ? null : old.title());
    if (title == null) {
      throw new InvalidInputException("title", "is required to create a memory");
    }
    if (old == null && requirements.isBlank()) {
      throw new InvalidInputException(
          "ai_requirements", "is required to create an architecture memory");
    }
    ArchitectureMemory m =
        new ArchitectureMemory(
            old == null ? LanceDBManager.newId() : old.id(),
            slug,
            title,
            listOr(a, "ai_when_to_use", old == null ? List.of() : old.aiWhenToUse(), 10),
            requirements,
            null,
            listOr(a, "keywords", old == null ? List.of() : old.keywords(), 50),
            listOr(a, "children_slugs", old == null ? List.of() : old.childrenSlugs(), 100),
            listOr(a, "related_slugs", old == null ? List.of() : old.relatedSlugs(), 100),
            listOr(a, "linked_epic_ids", old == null ? List.of() : old.linkedEpicIds(), 100),
            listOr(a, "tags", old == null ? List.of() : old.tags(), 50),
            old == null ? null : old.createdOn(),
            null,
            old == null ? null : old.metadata());
    return ctx.store().putArchitectureMemory(m);
  }

  private static TroubleshootMemory putTroubleshoot(
      String slug, Args a, TroubleshootMemory old, ToolContext ctx) {
    String solutions = a.rawText("ai_solutions").orElse(old == null ? "" : old.aiSolutions());
    if (solutions.length() > 10_000) {
      throw new InvalidInputException(
          "ai_solutions", "at most 10000 characters, got " + solutions.length());
    }
    String title = a.text("title").orElse(old == null ? null : old.title());
    if (title == null) {
      throw new InvalidInputException("title", "is required to create a memory");
    }
    List<String> useCases = listOr(a, "ai_use_case", old == null ? List.of() : old.aiUseCase(), 10);
    if (old == null && (useCases.isEmpty() || solutions.isBlank())) {
      throw new InvalidInputException(
          useCases.isEmpty() ? "ai_use_case" : "ai_solutions",
          "is required to create a troubleshoot memory");
    }
    int usage = a.integer("usage_count").orElse(old == null ? 0 : old.usageCount());
    int success = a.integer("success_count").orElse(old == null ? 0 : old.successCount());
    TroubleshootMemory m =
        new TroubleshootMemory(
            old == null ? LanceDBManager.newId() : old.id(),
            slug,
            title,
            useCases,
            solutions,
            null,
            null,
            listOr(a, "keywords", old == null ? List.of() : old.keywords(), 50),
            listOr(a, "tags", old == null ? List.of() : old.tags(), 50),
            usage,
            success,
            old == null ? null : old.createdOn(),
            null,
            old == null ? null : old.metadata());
    return ctx.store().putTroubleshootMemory(m);
  }

  private ToolOutput delete(boolean arch, Args args, ToolContext ctx) {
    Object m = require(arch, args, ctx);
    String slug =
        arch ? ((ArchitectureMemory) m).uniqueSlug() : ((TroubleshootMemory) m).uniqueSlug();
    ctx.store().deleteMemory(arch ? ARCHITECTURE_TABLE : TROUBLESHOOT_TABLE, slug);
    return new ToolOutput(Views.result("delete", "slug", slug, "deleted", true), "Deleted " + slug);
  }

  private ToolOutput get(boolean arch, Args args, ToolContext ctx) {
    Object m = require(arch, args, ctx);
    Map<String, Object> v = view(m);
    return new ToolOutput(
        Views.result("get", "memory", v),
        line(m)
            + "\n\n"
            + (m instanceof ArchitectureMemory a
                ? a.aiRequirements()
                : ((TroubleshootMemory) m).aiSolutions()));
  }

  private static Filter filter(Args args) {
    Args f = args.object("filters");
    List<Filter> parts = new ArrayList<>();
    List<String> tags = f.texts("tags");
    if (!tags.isEmpty()) {
      parts.add(Filter.hasAny("tags", tags));
    }
    List<String> keywords = f.texts("keywords");
    if (!keywords.isEmpty()) {
      parts.add(Filter.hasAny("keywords", keywords));
    }
    List<String> topTags = args.texts("tags");
    if (!topTags.isEmpty() && tags.isEmpty()) {
      parts.add(Filter.hasAny("tags", topTags));
    }
    return parts.isEmpty() ? Filter.matchAll() : Filter.and(parts.toArray(Filter[]::new));
  }

  private ToolOutput list(boolean arch, Args args, ToolContext ctx) {
    int limit = args.integer("limit", 10, 1, 1000);
    List<?> found =
        arch
            ? ctx.store().listArchitectureMemories(filter(args), limit)
            : ctx.store().listTroubleshootMemories(filter(args), limit);
    List<Map<String, Object>> out = new ArrayList<>();
    StringBuilder text = new StringBuilder(found.size() + " memory(ies):");
    for (Object m : found) {
      out.add(view(m));
      text.append("\n- ").append(line(m));
    }
    return new ToolOutput(
        Views.result("list", "memories", out, "total", out.size()), text.toString());
  }

  private ToolOutput search(boolean arch, Args args, ToolContext ctx, boolean weighted) {
    String query = args.requireText("query");
    int limit = args.integer("limit", 10, 1, 100);
    SearchRequest request =
        new SearchRequest(
            query,
            weighted ? SearchType.SEMANTIC : SearchType.HYBRID,
            filter(args),
            weighted ? Math.min(100, limit * 4) : limit,
            null);
    List<Map<String, Object>> out = new ArrayList<>();
    if (arch) {
      for (SearchHit<ArchitectureMemory> h : ctx.store().searchArchitectureMemories(request)) {
        Map<String, Object> v = Views.architecture(h.item());
        v.put("score", h.score());
        out.add(v);
      }
    } else {
      for (SearchHit<TroubleshootMemory> h : ctx.store().searchTroubleshootMemories(request)) {
        Map<String, Object> v = Views.troubleshoot(h.item());
        v.put("similarity", h.score());
        // Laplace-smoothed success rate: an untried entry counts as 50%, and one success in one
        // try does not outrank ten in ten.
        double rate = (h.item().successCount() + 1.0) / (h.item().usageCount() + 2.0);
        v.put("success_rate", rate);
        v.put("score", weighted ? h.score() * (0.5 + 0.5 * rate) : h.score());
        out.add(v);
      }
    }
    if (weighted) {
      out.sort((x, y) -> Double.compare((Double) y.get("score"), (Double) x.get("score")));
      if (out.size() > limit) {
        out = new ArrayList<>(out.subList(0, limit));
      }
    }
    StringBuilder text = new StringBuilder(out.size() + " match(es) for '" + query + "':");
    for (Map<String, Object> v : out) {
      text.append(
          String.format(
              Locale.ROOT,
              "%n- %.3f %s: %s",
              (Double) v.get("score"),
              v.get("slug"),
              v.get("title")));
      if (weighted) {
        text.append(
            String.format(
                Locale.ROOT,
                " (similarity %.3f, worked %s/%s)",
                (Double) v.get("similarity"),
                v.get("success_count"),
                v.get("usage_count")));
      }
    }
    return new ToolOutput(
        Views.result(
            weighted ? "match_problem" : "search",
            "query",
            query,
            "results",
            out,
            "total",
            out.size()),
        text.toString());
  }

  private ToolOutput context(boolean arch, Args args, ToolContext ctx) {
    Object m = require(arch, args, ctx);
    Map<String, Object> out = Views.result("get_context", "memory", view(m));
    StringBuilder text = new StringBuilder("# " + line(m));
    if (m instanceof ArchitectureMemory a) {
      text.append("\n\n").append(a.aiRequirements());
      if (!a.aiWhenToUse().isEmpty()) {
        text.append("\n\nUse when:\n- ").append(String.join("\n- ", a.aiWhenToUse()));
      }
      List<Map<String, Object>> children = related(a.childrenSlugs(), ctx);
      List<Map<String, Object>> related = related(a.relatedSlugs(), ctx);
      out.put("children", children);
      out.put("related", related);
      List<Map<String, Object>> epics = new ArrayList<>();
      for (String id : a.linkedEpicIds()) {
        ctx.store().findById(id).ifPresent(w -> epics.add(Views.item(w, "summary", false)));
      }
      out.put("linked_epics", epics);
      children.forEach(
          c -> text.append("\nChild: ").append(c.get("slug")).append(": ").append(c.get("title")));
      related.forEach(
          c ->
              text.append("\nRelated: ").append(c.get("slug")).append(": ").append(c.get("title")));
      epics.forEach(
          e ->
              text.append("\nEpic: ")
                  .append(e.get("title"))
                  .append(" (")
                  .append(e.get("status"))
                  .append(")"));
    } else {
      TroubleshootMemory t = (TroubleshootMemory) m;
      text.append("\n\nWhen:\n- ")
          .append(String.join("\n- ", t.aiUseCase()))
          .append("\n\nSolutions:\n")
          .append(t.aiSolutions());
    }
    return new ToolOutput(out, text.toString());
  }

  private static List<Map<String, Object>> related(List<String> slugs, ToolContext ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String s : slugs) {
      ctx.store()
          .getArchitectureMemory(s)
          .ifPresent(
              r -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("slug", r.uniqueSlug());
                v.put("title", r.title());
                out.add(v);
              });
    }
    return out;
  }

  // --- markdown files -------------------------------------------------------------------------

  private static String markdown(Object m) {
    Map<String, Object> fields = new LinkedHashMap<>(view(m));
    fields.remove("created_on");
    fields.remove("last_updated_on");
    fields.remove("id");
    String body;
    if (m instanceof ArchitectureMemory a) {
      fields.remove("ai_requirements");
      body = a.aiRequirements();
    } else {
      fields.remove("ai_solutions");
      body = ((TroubleshootMemory) m).aiSolutions();
    }
    return ProjectFiles.frontMatter(fields, body);
  }

  private static Path outputDir(Args args, ToolContext ctx, boolean arch) {
    return ProjectFiles.resolve(
        ctx,
        "output_dir",
        args.text("output_dir", ".jivedev/memory/" + (arch ? "architecture" : "troubleshoot")));
  }

  private ToolOutput export(boolean arch, Args args, ToolContext ctx) {
    Object m = require(arch, args, ctx);
    String slug = (String) view(m).get("slug");
    Path file =
        args.has("file_path")
            ? ProjectFiles.resolve(ctx, "file_path", args.requireText("file_path"))
            : outputDir(args, ctx, arch).resolve(slug + ".md");
    ProjectFiles.write(file, markdown(m));
    return new ToolOutput(
        Views.result("export", "file", file.toString(), "exported", 1), "Wrote " + file);
  }

  private ToolOutput exportBatch(boolean arch, Args args, ToolContext ctx) {
    Path dir = outputDir(args, ctx, arch);
    List<?> all =
        arch
            ? ctx.store().listArchitectureMemories(filter(args), 100_000)
            : ctx.store().listTroubleshootMemories(filter(args), 100_000);
    List<String> files = new ArrayList<>();
    int n = 0;
    for (Object m : all) {
      Path file = dir.resolve(view(m).get("slug") + ".md");
      ProjectFiles.write(file, markdown(m));
      files.add(file.toString());
      ctx.client().progress(++n, all.size(), "exported " + file.getFileName());
    }
    return new ToolOutput(
        Views.result(
            "export_batch", "directory", dir.toString(), "files", files, "exported", files.size()),
        "Wrote " + files.size() + " file(s) to " + dir);
  }

  private ToolOutput importFiles(String action, boolean arch, Args args, ToolContext ctx) {
    String mode = args.choice("import_mode", IMPORT_MODES, "create_or_update");
    List<Path> files = new ArrayList<>();
    if (action.equals("import")) {
      files.add(ProjectFiles.resolve(ctx, "file_path", args.requireText("file_path")));
    } else {
      Path dir =
          args.has("file_path")
              ? ProjectFiles.resolve(ctx, "file_path", args.requireText("file_path"))
              : outputDir(args, ctx, arch);
      if (!Files.isDirectory(dir)) {
        throw new NotFoundException("file_path: no folder " + dir);
      }
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new dev.jive.core.StorageException("cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    // Parse every file before writing any, so one bad file leaves the store as it was.
    List<Map<String, Object>> parsed = new ArrayList<>();
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new NotFoundException("file_path: no file " + f);
      }
      ProjectFiles.Markdown md = ProjectFiles.parseFrontMatter(f, ProjectFiles.read(f));
      Map<String, Object> fields = new LinkedHashMap<>(md.fields());
      Object type = fields.remove("memory_type");
      if (type != null && !type.equals(arch ? "architecture" : "troubleshoot")) {
        throw new InvalidInputException("memory_type", f + " holds a " + type + " memory");
      }
      fields.put(arch ? "ai_requirements" : "ai_solutions", md.body());
      fields.remove("id");
      fields.remove("created_on");
      fields.remove("last_updated_on");
      fields.put("__file", f.toString());
      parsed.add(fields);
    }
    List<String> created = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int n = 0;
    for (Map<String, Object> fields : parsed) {
      String file = (String) fields.remove("__file");
      Args a = new Args(fields);
      String slug = slugOf(a);
      Optional<Object> existing = find(arch, new Args(Map.of("slug", slug)), ctx);
      boolean skip =
          (mode.equals("create_only") && existing.isPresent())
              || (mode.equals("update_only") && existing.isEmpty());
      if (skip) {
        skipped.add(slug);
      } else {
        // replace starts from nothing but the slug: the upsert by slug then drops the old fields.
        Object base = mode.equals("replace") ? null : existing.orElse(null);
        if (arch) {
          putArchitecture(slug, a, (ArchitectureMemory) base, ctx);
        } else {
          putTroubleshoot(slug, a, (TroubleshootMemory) base, ctx);
        }
        (existing.isPresent() ? updated : created).add(slug);
      }
      ctx.client().progress(++n, parsed.size(), "imported " + file);
    }
    return new ToolOutput(
        Views.result(
            action,
            "import_mode",
            mode,
            "created",
            created,
            "updated",
            updated,
            "skipped",
            skipped),
        "Imported "
            + files.size()
            + " file(s): "
            + created.size()
            + " created, "
            + updated.size()
            + " updated, "
            + skipped.size()
            + " skipped");
  }
}
