package dev.jive.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectFilesTest {
  @TempDir Path dir;
  Path project;
  Path elsewhere;

  @BeforeEach
  void folders() throws Exception {
    project = Files.createDirectories(dir.resolve("project"));
    elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("secret.txt"), "not yours");
  }

  @Test
  void aPathInsideTheProjectResolvesThere() throws Exception {
    assertThat(ProjectFiles.resolve(project, "file_path", "exports/items.json"))
        .isEqualTo(project.toRealPath().resolve("exports/items.json"));
  }

  @Test
  void dotDotAndAbsolutePathsOutsideAreRefused() {
    assertThatThrownBy(() -> ProjectFiles.resolve(project, "file_path", "../elsewhere/x.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("outside the project folder");
    assertThatThrownBy(() -> ProjectFiles.resolve(project, "output_dir", elsewhere.toString()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("output_dir");
  }

  @Test
  void aFolderLinkLeadingOutOfTheProjectIsRefused() throws Exception {
    Files.createSymbolicLink(project.resolve("out"), elsewhere);

    assertThatThrownBy(() -> ProjectFiles.resolve(project, "file_path", "out/items.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("outside the project folder")
        .hasMessageContaining("symbolic link");
  }

  @Test
  void aFileLinkLeadingOutOfTheProjectIsRefusedForReadingAndWriting() throws Exception {
    Files.createSymbolicLink(project.resolve("notes.md"), elsewhere.resolve("secret.txt"));

    assertThatThrownBy(() -> ProjectFiles.resolve(project, "file_path", "notes.md"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("symbolic link");
    assertThat(Files.readString(elsewhere.resolve("secret.txt"))).isEqualTo("not yours");
  }

  @Test
  void aLinkThatStaysInsideTheProjectIsFollowed() throws Exception {
    Path real = Files.createDirectories(project.resolve("data/exports"));
    Files.createSymbolicLink(project.resolve("exports"), real);

    assertThat(ProjectFiles.resolve(project, "file_path", "exports/items.json"))
        .isEqualTo(real.toRealPath().resolve("items.json"));
  }

  @Test
  void aDanglingLinkIsRefusedByName() throws Exception {
    Files.createSymbolicLink(project.resolve("gone"), dir.resolve("nowhere"));

    assertThatThrownBy(() -> ProjectFiles.resolve(project, "file_path", "gone/items.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("leads nowhere");
  }

  @Test
  void aLinkPlantedUnderTheTemporaryNameIsNotFollowedByAWrite() throws Exception {
    Path target = project.resolve("items.json");
    Files.createSymbolicLink(
        project.resolve(".items.json.partial"), elsewhere.resolve("secret.txt"));

    ProjectFiles.write(target, "[]");

    assertThat(Files.readString(target)).isEqualTo("[]");
    assertThat(Files.readString(elsewhere.resolve("secret.txt"))).isEqualTo("not yours");
  }
}
